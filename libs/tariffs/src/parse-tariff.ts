/**
 * Validates an OCPI 2.2.1 or 2.3.0 Tariff object (parsed JSON) into the typed model. Fields the
 * pricing does not use are accepted as they come; every used field is checked.
 */
import { daysInMonth } from './civil-time.js';
import { childPath, PricingInputError } from './errors.js';
import {
  Issues,
  enumValue,
  isJsonObject,
  readArray,
  readDecimal,
  readEnum,
  readInteger,
  readObject,
  readString,
  type JsonObject,
} from './json-reader.js';
import {
  DAYS_OF_WEEK,
  RESERVATION_RESTRICTIONS,
  TARIFF_DIMENSIONS,
  TAX_INCLUDED,
  type DayOfWeek,
  type PriceComponent,
  type PriceLimit,
  type Tariff,
  type TariffElement,
  type TariffRestrictions,
} from './model.js';

const TIME_OF_DAY = /^([0-1][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const CURRENCY = /^[A-Z]{3}$/;
const ELEMENTS_MAX = 1000;
const COMPONENTS_MAX = 100;

export function parseTariff(input: unknown): Tariff {
  const issues = new Issues();
  if (!isJsonObject(input)) {
    throw new PricingInputError([{ path: '$', reason: 'must be a JSON object (an OCPI Tariff)' }]);
  }
  const currency = readString(input, 'currency', '$', issues, {
    required: true,
    pattern: CURRENCY,
    format: 'an ISO 4217 code of 3 capital letters',
  });
  const tax_included = readEnum(input, 'tax_included', TAX_INCLUDED, '$', issues);
  const min_price = readPriceLimit(input, 'min_price', issues);
  const max_price = readPriceLimit(input, 'max_price', issues);
  const rawElements = readArray(input, 'elements', '$', issues, {
    required: true,
    minItems: 1,
    maxItems: ELEMENTS_MAX,
  });
  const elements = (rawElements ?? []).map((raw, index) =>
    readElement(raw, childPath('$.elements', index), issues),
  );
  const id = typeof input['id'] === 'string' ? input['id'] : undefined;
  if (issues.list.length > 0) {
    throw new PricingInputError(issues.list);
  }
  const uses230 =
    tax_included !== undefined || min_price?.version === '2.3.0' || max_price?.version === '2.3.0';
  return {
    ocpi_version: uses230 ? '2.3.0' : '2.2.1',
    id,
    currency: currency as string,
    tax_included,
    min_price: min_price?.limit,
    max_price: max_price?.limit,
    elements: elements as TariffElement[],
  };
}

function readPriceLimit(
  obj: JsonObject,
  key: 'min_price' | 'max_price',
  issues: Issues,
): { limit: PriceLimit; version: '2.2.1' | '2.3.0' } | undefined {
  const raw = readObject(obj, key, '$', issues);
  if (raw === undefined) {
    return undefined;
  }
  const path = `$.${key}`;
  const is230 = raw['before_taxes'] !== undefined || raw['after_taxes'] !== undefined;
  const [exclKey, inclKey] = is230 ? ['before_taxes', 'after_taxes'] : ['excl_vat', 'incl_vat'];
  const excl_vat = readDecimal(raw, exclKey, path, issues, { required: true });
  const incl_vat = readDecimal(raw, inclKey, path, issues);
  if (excl_vat === undefined) {
    return undefined;
  }
  return { limit: { excl_vat, incl_vat }, version: is230 ? '2.3.0' : '2.2.1' };
}

function readElement(raw: unknown, path: string, issues: Issues): TariffElement | undefined {
  if (!isJsonObject(raw)) {
    return issues.add(path, 'must be an object (a TariffElement)');
  }
  const rawComponents = readArray(raw, 'price_components', path, issues, {
    required: true,
    minItems: 1,
    maxItems: COMPONENTS_MAX,
  });
  const componentsPath = childPath(path, 'price_components');
  const price_components = (rawComponents ?? []).map((component, index) =>
    readComponent(component, childPath(componentsPath, index), issues),
  );
  const rawRestrictions = readObject(raw, 'restrictions', path, issues);
  const restrictions = rawRestrictions
    ? readRestrictions(rawRestrictions, childPath(path, 'restrictions'), issues)
    : undefined;
  return { price_components: price_components as PriceComponent[], restrictions };
}

function readComponent(raw: unknown, path: string, issues: Issues): PriceComponent | undefined {
  if (!isJsonObject(raw)) {
    return issues.add(path, 'must be an object (a PriceComponent)');
  }
  const type = readEnum(raw, 'type', TARIFF_DIMENSIONS, path, issues, { required: true });
  const price = readDecimal(raw, 'price', path, issues, { required: true });
  const vat = readDecimal(raw, 'vat', path, issues, { nonNegative: true });
  const step_size = readInteger(raw, 'step_size', path, issues, { required: true, min: 0 });
  if (type === undefined || price === undefined || step_size === undefined) {
    return undefined;
  }
  return { type, price, vat, step_size };
}

function readRestrictions(raw: JsonObject, path: string, issues: Issues): TariffRestrictions {
  const time = { pattern: TIME_OF_DAY, format: 'HH:MM (24h, leading zeros)' };
  const date = { pattern: DATE, format: 'YYYY-MM-DD' };
  const nonNegative = { nonNegative: true };
  return dropUndefined({
    start_time: readString(raw, 'start_time', path, issues, time),
    end_time: readString(raw, 'end_time', path, issues, time),
    start_date: readCalendarDate(raw, 'start_date', path, issues, date),
    end_date: readCalendarDate(raw, 'end_date', path, issues, date),
    min_kwh: readDecimal(raw, 'min_kwh', path, issues, nonNegative),
    max_kwh: readDecimal(raw, 'max_kwh', path, issues, nonNegative),
    min_current: readDecimal(raw, 'min_current', path, issues),
    max_current: readDecimal(raw, 'max_current', path, issues),
    min_power: readDecimal(raw, 'min_power', path, issues),
    max_power: readDecimal(raw, 'max_power', path, issues),
    min_duration: readInteger(raw, 'min_duration', path, issues, { min: 0 }),
    max_duration: readInteger(raw, 'max_duration', path, issues, { min: 0 }),
    day_of_week: readDays(raw, path, issues),
    reservation: readEnum(raw, 'reservation', RESERVATION_RESTRICTIONS, path, issues),
  });
}

/** A `YYYY-MM-DD` that exists: the pattern allows day 31 of every month, the calendar does not. */
function readCalendarDate(
  raw: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  date: { readonly pattern: RegExp; readonly format: string },
): string | undefined {
  const text = readString(raw, key, path, issues, date);
  if (text === undefined) return undefined;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  if (day <= daysInMonth(year, month)) return text;
  return issues.add(childPath(path, key), `must be a date that exists (${text} does not)`);
}

function readDays(raw: JsonObject, path: string, issues: Issues): DayOfWeek[] | undefined {
  const days = readArray(raw, 'day_of_week', path, issues, { maxItems: 7 });
  if (days === undefined) {
    return undefined;
  }
  const daysPath = childPath(path, 'day_of_week');
  const parsed = days.map((day, index) =>
    enumValue(day, DAYS_OF_WEEK, childPath(daysPath, index), issues),
  );
  return parsed.filter((day): day is DayOfWeek => day !== undefined);
}

function dropUndefined<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return Object.fromEntries(entries) as T;
}
