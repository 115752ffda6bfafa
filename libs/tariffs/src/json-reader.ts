/**
 * Field readers for untrusted JSON. Each reader records an issue (path + reason) instead of
 * throwing, so one pass reports every invalid field; callers throw PricingInputError at the end.
 */
import { Dec, type Decimal } from '#money';
import { daysFromCivil, daysInMonth } from './civil-time.js';
import { childPath, type InputIssue } from './errors.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export class Issues {
  readonly list: InputIssue[] = [];

  add(path: string, reason: string): undefined {
    this.list.push({ path, reason });
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface FieldOptions {
  readonly required?: boolean;
}

function present(obj: JsonObject, key: string, path: string, issues: Issues, opts: FieldOptions) {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (opts.required) {
      issues.add(childPath(path, key), 'is required');
    }
    return undefined;
  }
  return value;
}

const DECIMAL_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** A JSON number (taken by its shortest round-trip text) or a decimal string. */
function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? new Dec(value) : undefined;
  }
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
    return new Dec(value.trim());
  }
  return undefined;
}

export function readDecimal(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions & { readonly nonNegative?: boolean } = {},
): Decimal | undefined {
  const value = present(obj, key, path, issues, opts);
  if (value === undefined) {
    return undefined;
  }
  const decimal = toDecimal(value);
  if (decimal === undefined) {
    return issues.add(childPath(path, key), 'must be a decimal number');
  }
  if (opts.nonNegative && decimal.isNegative() && !decimal.isZero()) {
    return issues.add(childPath(path, key), 'must not be negative');
  }
  return decimal;
}

export function readInteger(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions & { readonly min?: number } = {},
): number | undefined {
  const value = present(obj, key, path, issues, opts);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return issues.add(childPath(path, key), 'must be an integer');
  }
  if (opts.min !== undefined && value < opts.min) {
    return issues.add(childPath(path, key), `must be at least ${opts.min}`);
  }
  return value;
}

export function readString(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions & { readonly pattern?: RegExp; readonly format?: string } = {},
): string | undefined {
  const value = present(obj, key, path, issues, opts);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    return issues.add(childPath(path, key), 'must be a string');
  }
  if (opts.pattern && !opts.pattern.test(value)) {
    return issues.add(childPath(path, key), `must match ${opts.format ?? String(opts.pattern)}`);
  }
  return value;
}

export function readEnum<T extends string>(
  obj: JsonObject,
  key: string,
  allowed: readonly T[],
  path: string,
  issues: Issues,
  opts: FieldOptions = {},
): T | undefined {
  const value = present(obj, key, path, issues, opts);
  return value === undefined ? undefined : enumValue(value, allowed, childPath(path, key), issues);
}

export function enumValue<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  issues: Issues,
): T | undefined {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return issues.add(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function readArray(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions & { readonly minItems?: number; readonly maxItems?: number } = {},
): readonly unknown[] | undefined {
  const value = present(obj, key, path, issues, opts);
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    return issues.add(childPath(path, key), 'must be an array');
  }
  if (opts.minItems !== undefined && value.length < opts.minItems) {
    return issues.add(childPath(path, key), `must have at least ${opts.minItems} item(s)`);
  }
  if (opts.maxItems !== undefined && value.length > opts.maxItems) {
    return issues.add(childPath(path, key), `must have at most ${opts.maxItems} items`);
  }
  return value;
}

export function readObject(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions = {},
): JsonObject | undefined {
  const value = present(obj, key, path, issues, opts);
  if (value === undefined) {
    return undefined;
  }
  if (!isJsonObject(value)) {
    return issues.add(childPath(path, key), 'must be an object');
  }
  return value;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * OCPI DateTime (RFC 3339, UTC when no offset is given) to epoch milliseconds. Digits beyond
 * the millisecond are dropped (pricing works to the millisecond).
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = match[7] ? Number(match[7].slice(1, 4).padEnd(3, '0')) : 0;
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) {
    return undefined;
  }
  const days = daysFromCivil(year, month, day);
  const ms = days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
  return ms - offsetMinutes(match[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

export function readDateTime(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  opts: FieldOptions = {},
): { readonly text: string; readonly ms: number } | undefined {
  const text = readString(obj, key, path, issues, opts);
  if (text === undefined) {
    return undefined;
  }
  const ms = parseDateTime(text);
  if (ms === undefined) {
    return issues.add(
      childPath(path, key),
      'must be an RFC 3339 date-time, e.g. 2024-03-31T01:30:00Z',
    );
  }
  return { text, ms };
}
