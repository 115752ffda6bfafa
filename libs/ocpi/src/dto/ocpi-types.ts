// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { registerNestedType } from '../compiled-check.js';
import {
  isLatitude,
  isLedgerCurrency,
  isLongitude,
  isOcpiDateTime,
  isPrintableText,
  ocpiRule,
  PRINTABLE_ASCII,
} from './ocpi-rules.js';

/**
 * Field decorators for the OCPI 2.2.1 base types (types.asciidoc). Each combines the checks a
 * field needs so the DTOs read like the specification's tables: type, length, cardinality.
 */

function chain(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

function cardinality(required: boolean): PropertyDecorator {
  return required ? IsDefined() : IsOptional();
}

/** CiString(n): printable ASCII only; required unless `optional`. */
export function OcpiCiString(max_length: number, optional = false): PropertyDecorator {
  return chain(cardinality(!optional), IsString(), MaxLength(max_length), printableAscii());
}

/** string(n) (and URL, a string(255)): printable UTF-8 only; required unless `optional`. */
export function OcpiString(max_length: number, optional = false): PropertyDecorator {
  return chain(cardinality(!optional), IsString(), MaxLength(max_length), printableText());
}

function printableAscii(options?: { each: boolean }): PropertyDecorator {
  return Matches(PRINTABLE_ASCII, {
    ...options,
    message: '$property must be printable ASCII (an OCPI CiString: no control characters)',
  });
}

function printableText(): PropertyDecorator {
  return ocpiRule(
    'ocpiPrintableText',
    'must be printable text (no control characters such as U+0000)',
    isPrintableText,
  );
}

export function OcpiDateTime(optional = false): PropertyDecorator {
  return chain(
    cardinality(!optional),
    IsString(),
    ocpiRule(
      'ocpiDateTime',
      'must be an RFC 3339 DateTime that exists in the calendar, e.g. 2026-03-02T10:00:00Z',
      isOcpiDateTime,
    ),
  );
}

/**
 * OCPI number: a JSON number (never a string), finite; `non_negative` where OCPI means so, at
 * most `max` where it says so (a percentage).
 */
export function OcpiNumber(
  optional = false,
  non_negative = false,
  max?: number,
): PropertyDecorator {
  const number = chain(cardinality(!optional), IsNumber({ allowNaN: false, allowInfinity: false }));
  return chain(number, ...bounds(non_negative ? 0 : undefined, max));
}

/** OCPI int: a JSON integer, from `min` and up to `max` when given. */
export function OcpiInt(optional = false, min?: number, max?: number): PropertyDecorator {
  return chain(cardinality(!optional), IsInt(), ...bounds(min, max));
}

function bounds(min: number | undefined, max: number | undefined): PropertyDecorator[] {
  const decorators: PropertyDecorator[] = [];
  if (min !== undefined) {
    const message =
      min === 0 ? '$property must not be negative' : `$property must be at least ${min}`;
    decorators.push(Min(min, { message }));
  }
  if (max !== undefined) decorators.push(Max(max, { message: `$property must be at most ${max}` }));
  return decorators;
}

/** currency string(3): an ISO 4217 code the ledger settles in. */
export function OcpiCurrency(): PropertyDecorator {
  return chain(
    IsDefined(),
    IsString(),
    ocpiRule(
      'ocpiCurrency',
      'must be an ISO 4217 currency code the ledger knows (e.g. EUR)',
      isLedgerCurrency,
    ),
  );
}

export function OcpiBoolean(optional = false): PropertyDecorator {
  return chain(cardinality(!optional), IsBoolean());
}

export function OcpiEnum(values: readonly string[], optional = false): PropertyDecorator {
  return chain(
    cardinality(!optional),
    IsIn(values as string[], { message: `$property must be one of ${values.join(', ')}` }),
  );
}

export function OcpiEnumList(values: readonly string[]): PropertyDecorator {
  return chain(
    IsOptional(),
    IsArray(),
    IsIn(values as string[], {
      each: true,
      message: `each of $property must be one of ${values.join(', ')}`,
    }),
  );
}

/** A list of CiString(n) (e.g. a Connector's `tariff_ids`). */
export function OcpiCiStringList(max_length: number): PropertyDecorator {
  return chain(
    IsOptional(),
    IsArray(),
    IsString({ each: true }),
    MaxLength(max_length, { each: true }),
    printableAscii({ each: true }),
  );
}

/** Tells the fast acceptance check (../compiled-check.ts) which class a nested field holds. */
function nestedType(type: () => new () => object): PropertyDecorator {
  return (target, key) => registerNestedType(target.constructor, String(key), type);
}

/** A nested object (cardinality 1 or ?). */
export function OcpiObject(type: () => new () => object, optional = false): PropertyDecorator {
  return chain(cardinality(!optional), ValidateNested(), Type(type), nestedType(type));
}

/** A list of nested objects (cardinality * or +: `+` needs at least one). */
export function OcpiObjectList(
  type: () => new () => object,
  at_least_one = false,
): PropertyDecorator {
  const decorators = [
    cardinality(at_least_one),
    IsArray(),
    ValidateNested({ each: true }),
    Type(type),
    nestedType(type),
  ];
  if (at_least_one) decorators.push(ArrayMinSize(1));
  return chain(...decorators);
}

export class DisplayTextDto {
  @OcpiString(2) language!: string;
  @OcpiString(512) text!: string;
}

export class PriceDto {
  @OcpiNumber() excl_vat!: number;
  @OcpiNumber(true) incl_vat?: number;
}

/** OCPI 2.3.0 TaxAmount (types.asciidoc): one tax on a Price. */
export class TaxAmountDto {
  @OcpiString(255) name!: string;
  @OcpiString(255, true) account_number?: string;
  @OcpiNumber(true, true, 100) percentage?: number;
  @OcpiNumber() amount!: number;
}

/** OCPI 2.3.0 Price: the amount before taxes and the taxes on it (no amount after taxes). */
export class TaxedPriceDto {
  @OcpiNumber() before_taxes!: number;
  @OcpiObjectList(() => TaxAmountDto) taxes?: TaxAmountDto[];
}

/** OCPI 2.3.0 PriceLimit (a Tariff's min_price / max_price). */
export class PriceLimitDto {
  @OcpiNumber(false, true) before_taxes!: number;
  @OcpiNumber(true, true) after_taxes?: number;
}

/** A constructor of an OCPI DTO class (the field types that differ between versions). */
export type DtoClass = new () => object;

/** Decimal degrees with 5 to 7 decimals; |latitude| <= 90, |longitude| <= 180. */
export class GeoLocationDto {
  @OcpiString(10)
  @ocpiRule('ocpiLatitude', 'must be decimal degrees from -90 to 90, e.g. 52.520008', isLatitude)
  latitude!: string;

  @OcpiString(11)
  @ocpiRule(
    'ocpiLongitude',
    'must be decimal degrees from -180 to 180, e.g. 13.404954',
    isLongitude,
  )
  longitude!: string;
}
