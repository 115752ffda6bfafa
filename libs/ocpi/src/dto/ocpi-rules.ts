import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isTimeOfDay } from '#ledger';
import { isKnownCurrency } from '#money';
import { registerPureRule, type PureRule } from '../compiled-check.js';

/**
 * The OCPI 2.2.1 value rules that a regular expression cannot say (a real calendar date, a
 * latitude within +-90, an end after a start), each a pure predicate. `ocpiRule` turns one into
 * a class-validator decorator and registers the same function with the compiled fast check, so
 * both answer alike by construction.
 */

/** OCPI DateTime (types.asciidoc): RFC 3339, the `Z` optional, fractional seconds optional. */
const OCPI_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?$/;

/** CiString: "Only printable ASCII allowed" (types.asciidoc), i.e. U+0020 to U+007E. */
export const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/**
 * string: "Only printable UTF-8 allowed": no C0 control (U+0000-U+001F: NUL, tab, line
 * breaks ...), no DEL and no C1 control (U+007F-U+009F).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/** `String.prototype.isWellFormed` (ES2024; Node >= 20), not yet in the ES2023 typings. */
type WellFormed = string & { isWellFormed(): boolean };

/**
 * Printable text: no control character, and no lone UTF-16 surrogate (JSON can escape one,
 * `\ud800`, but it is no UTF-8 character at all).
 */
export function isPrintableText(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    !CONTROL_CHARACTER.test(value) &&
    (value as WellFormed).isWellFormed()
  );
}

export function isOcpiDateTime(value: unknown): boolean {
  if (typeof value !== 'string' || !OCPI_DATE_TIME.test(value)) return false;
  // The shape is checked: read the fields by position (no match array per field; ingest speed).
  const year = digitsAt(value, 0, 4);
  const fields_ok =
    isCalendarDate(year, digitsAt(value, 5, 2), digitsAt(value, 8, 2)) &&
    isTimeOfDay(digitsAt(value, 11, 2), digitsAt(value, 14, 2), digitsAt(value, 17, 2));
  if (!fields_ok) return false;
  const last = value.charCodeAt(value.length - 6);
  const has_offset = value.length >= 25 && (last === 0x2b || last === 0x2d);
  const end = value.length;
  return !has_offset || isTimeOfDay(digitsAt(value, end - 5, 2), digitsAt(value, end - 2, 2));
}

/** The decimal number of `length` ASCII digits at `start` (already known to be digits). */
function digitsAt(text: string, start: number, length: number): number {
  let number = 0;
  for (let index = start; index < start + length; index += 1) {
    number = number * 10 + (text.charCodeAt(index) - 0x30);
  }
  return number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

/** A tariff restriction date, `YYYY-MM-DD`, that exists in the calendar. */
export function isOcpiDate(value: unknown): boolean {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A tariff restriction time of day, `HH:MM` from 00:00 to 23:59. */
export function isOcpiTimeOfDay(value: unknown): boolean {
  const match = typeof value === 'string' ? TIME_OF_DAY.exec(value) : null;
  return match !== null && isTimeOfDay(Number(match[1]), Number(match[2]));
}

/** An ISO 4217 code the ledger knows the minor unit of (libs/money/src/currency.ts). */
export function isLedgerCurrency(value: unknown): boolean {
  return typeof value === 'string' && isKnownCurrency(value);
}

/** GeoLocation text (mod_locations: decimal degrees, 5 to 7 decimals) within the given bound. */
function degreesWithin(bound: number, integer_digits: number): PureRule {
  const pattern = new RegExp(`^-?[0-9]{1,${integer_digits}}\\.[0-9]{5,7}$`);
  return (value) =>
    typeof value === 'string' && pattern.test(value) && Math.abs(Number(value)) <= bound;
}

export const isLatitude = degreesWithin(90, 2);
export const isLongitude = degreesWithin(180, 3);

/** Where a field names the start of the same object's validity, the end must come after it. */
export function endsAfter(start_field: string): PureRule {
  return (value, parent) => {
    const start = parent[start_field];
    if (start === undefined || start === null) return true;
    if (!isOcpiDateTime(value) || !isOcpiDateTime(start)) return false;
    return Date.parse(zoned(value as string)) > Date.parse(zoned(start as string));
  };
}

function zoned(date_time: string): string {
  return /(Z|[+-]\d{2}:\d{2})$/.test(date_time) ? date_time : `${date_time}Z`;
}

/**
 * A class-validator decorator from a pure predicate. `name` must be unique (it keys the
 * compiled check's registry); `message` follows the field's name, e.g. "must be ...".
 */
export function ocpiRule(
  name: string,
  message: string,
  rule: PureRule,
  options?: ValidationOptions,
): PropertyDecorator {
  registerPureRule(name, rule);
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value, args) => rule(value, (args?.object ?? {}) as Record<string, unknown>),
        defaultMessage: () => `$property ${message}`,
      },
    },
    options,
  );
}
