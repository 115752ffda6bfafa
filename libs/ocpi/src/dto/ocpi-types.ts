import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { registerNestedType } from '../compiled-check.js';

/**
 * Field decorators for the OCPI 2.2.1 base types (types.asciidoc). Each combines the checks a
 * field needs so the DTOs read like the specification's tables: type, length, cardinality.
 */

/** OCPI DateTime: RFC 3339 in UTC; receivers must accept it with or without the `Z`. */
export const OCPI_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

function chain(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

function cardinality(required: boolean): PropertyDecorator {
  return required ? IsDefined() : IsOptional();
}

/** CiString(n) / string(n): required unless `optional`. */
export function OcpiString(max_length: number, optional = false): PropertyDecorator {
  return chain(cardinality(!optional), IsString(), MaxLength(max_length));
}

export function OcpiDateTime(optional = false): PropertyDecorator {
  return chain(
    cardinality(!optional),
    IsString(),
    Matches(OCPI_DATE_TIME, { message: '$property must be an RFC 3339 DateTime' }),
  );
}

export function OcpiNumber(optional = false): PropertyDecorator {
  return chain(cardinality(!optional), IsNumber({ allowNaN: false, allowInfinity: false }));
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

export function OcpiStringList(max_length: number): PropertyDecorator {
  return chain(
    IsOptional(),
    IsArray(),
    IsString({ each: true }),
    MaxLength(max_length, { each: true }),
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

export class GeoLocationDto {
  @OcpiString(10) @Matches(/^-?[0-9]{1,2}\.[0-9]{5,7}$/) latitude!: string;
  @OcpiString(11) @Matches(/^-?[0-9]{1,3}\.[0-9]{5,7}$/) longitude!: string;
}
