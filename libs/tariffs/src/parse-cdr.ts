/**
 * Validates the pricing-relevant fields of an OCPI CDR: start_date_time, end_date_time and
 * charging_periods. Periods must be in order and inside the session; other fields are ignored.
 */
import { childPath, PricingInputError } from './errors.js';
import {
  Issues,
  isJsonObject,
  readArray,
  readDateTime,
  readDecimal,
  readEnum,
  type JsonObject,
} from './json-reader.js';
import {
  CDR_DIMENSIONS,
  type CdrDimension,
  type ChargingPeriod,
  type PricingCdr,
} from './model.js';

const PERIODS_MAX = 10_000;
const DIMENSIONS_MAX = 50;
/** A CDR longer than this is refused: no real session or reservation lasts a year. */
const SESSION_MS_MAX = 366 * 24 * 3600 * 1000;

export function parsePricingCdr(input: unknown): PricingCdr {
  if (!isJsonObject(input)) {
    throw new PricingInputError([{ path: '$', reason: 'must be a JSON object (an OCPI CDR)' }]);
  }
  const issues = new Issues();
  const start = readDateTime(input, 'start_date_time', '$', issues, { required: true });
  const end = readDateTime(input, 'end_date_time', '$', issues, { required: true });
  const rawPeriods = readArray(input, 'charging_periods', '$', issues, {
    required: true,
    minItems: 1,
    maxItems: PERIODS_MAX,
  });
  const periods = (rawPeriods ?? []).map((raw, index) =>
    readPeriod(raw, childPath('$.charging_periods', index), issues),
  );
  if (start && end) {
    if (end.ms < start.ms) {
      issues.add('$.end_date_time', `must not be before start_date_time (${start.text})`);
    } else if (end.ms - start.ms > SESSION_MS_MAX) {
      issues.add('$.end_date_time', 'the session must not last longer than 366 days');
    }
    checkPeriodOrder(periods, start.ms, end.ms, issues);
  }
  if (issues.list.length > 0 || !start || !end) {
    throw new PricingInputError(issues.list);
  }
  return {
    start_date_time: start.text,
    end_date_time: end.text,
    start_ms: start.ms,
    end_ms: end.ms,
    charging_periods: periods as ChargingPeriod[],
  };
}

function checkPeriodOrder(
  periods: readonly (ChargingPeriod | undefined)[],
  start_ms: number,
  end_ms: number,
  issues: Issues,
): void {
  let previous = start_ms;
  periods.forEach((period, index) => {
    if (period === undefined) {
      return;
    }
    const path = `$.charging_periods[${index}].start_date_time`;
    if (period.start_ms < start_ms) {
      issues.add(path, 'must not be before the CDR start_date_time');
    } else if (period.start_ms > end_ms) {
      issues.add(path, 'must not be after the CDR end_date_time');
    } else if (period.start_ms < previous) {
      issues.add(path, 'periods must be in chronological order');
    }
    previous = Math.max(previous, period.start_ms);
  });
}

function readPeriod(raw: unknown, path: string, issues: Issues): ChargingPeriod | undefined {
  if (!isJsonObject(raw)) {
    return issues.add(path, 'must be an object (a ChargingPeriod)');
  }
  const start = readDateTime(raw, 'start_date_time', path, issues, { required: true });
  const rawDimensions = readArray(raw, 'dimensions', path, issues, {
    required: true,
    minItems: 1,
    maxItems: DIMENSIONS_MAX,
  });
  const dimensionsPath = childPath(path, 'dimensions');
  const dimensions = (rawDimensions ?? []).map((dimension, index) =>
    readDimension(dimension, childPath(dimensionsPath, index), issues),
  );
  checkDuplicates(dimensions, dimensionsPath, issues);
  if (start === undefined) {
    return undefined;
  }
  return {
    start_date_time: start.text,
    start_ms: start.ms,
    dimensions: dimensions.filter((d): d is CdrDimension => d !== undefined),
  };
}

function readDimension(raw: unknown, path: string, issues: Issues): CdrDimension | undefined {
  if (!isJsonObject(raw)) {
    return issues.add(path, 'must be an object (a CdrDimension)');
  }
  const type = readEnum(raw as JsonObject, 'type', CDR_DIMENSIONS, path, issues, {
    required: true,
  });
  const timeBased = type === 'TIME' || type === 'PARKING_TIME' || type === 'RESERVATION_TIME';
  const volume = readDecimal(raw, 'volume', path, issues, {
    required: true,
    nonNegative: timeBased,
  });
  if (type === undefined || volume === undefined) {
    return undefined;
  }
  return { type, volume, volume_number: volume.toNumber() };
}

function checkDuplicates(
  dimensions: readonly (CdrDimension | undefined)[],
  path: string,
  issues: Issues,
): void {
  const seen = new Set<string>();
  dimensions.forEach((dimension, index) => {
    if (dimension === undefined) {
      return;
    }
    if (seen.has(dimension.type)) {
      issues.add(`${path}[${index}].type`, `dimension ${dimension.type} appears twice`);
    }
    seen.add(dimension.type);
  });
}
