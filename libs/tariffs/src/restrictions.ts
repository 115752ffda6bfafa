/**
 * Does a tariff element's restriction set hold at one instant of a session? All restrictions are
 * ANDed; the caller has split periods so that nothing changes inside the evaluated stretch.
 */
import type { Decimal } from '#money';
import type { CompiledRestrictions } from './compiled-tariff.js';
import { DAY_MS, type LocalFields } from './local-clock.js';

/** The session's state at the start of a (sub-)period. */
export interface MatchState {
  readonly local: LocalFields;
  /** Milliseconds since the duration origin. */
  readonly duration_ms: number;
  /** kWh consumed before this instant. */
  readonly kwh: Decimal;
  readonly max_current: number | undefined;
  readonly min_current: number | undefined;
  readonly max_power: number | undefined;
  readonly min_power: number | undefined;
}

export function restrictionsHold(r: CompiledRestrictions, state: MatchState): boolean {
  return (
    clockHolds(r, state.local) &&
    durationHolds(r, state.duration_ms) &&
    kwhHolds(r, state.kwh) &&
    rangeHolds(r.min_current, r.max_current, state.min_current, state.max_current) &&
    rangeHolds(r.min_power, r.max_power, state.min_power, state.max_power)
  );
}

function clockHolds(r: CompiledRestrictions, local: LocalFields): boolean {
  if (r.weekday_mask !== undefined && (r.weekday_mask & (1 << local.weekday)) === 0) {
    return false;
  }
  if (r.start_day !== undefined && local.day < r.start_day) {
    return false;
  }
  if (r.end_day !== undefined && local.day >= r.end_day) {
    return false;
  }
  return timeWindowHolds(r.start_tod_ms, r.end_tod_ms, local.ms_of_day);
}

/**
 * start inclusive, end exclusive; end < start wraps past midnight; end 00:00 is the end of the
 * day; start == end (both given) is the whole day.
 */
function timeWindowHolds(start: number | undefined, end: number | undefined, at: number): boolean {
  const from = start ?? 0;
  const until = end === undefined || end === 0 ? DAY_MS : end;
  if (start !== undefined && end !== undefined && start === end) {
    return true;
  }
  if (from < until) {
    return at >= from && at < until;
  }
  return at >= from || at < until;
}

function durationHolds(r: CompiledRestrictions, duration_ms: number): boolean {
  if (r.min_duration_ms !== undefined && duration_ms < r.min_duration_ms) {
    return false;
  }
  return r.max_duration_ms === undefined || duration_ms < r.max_duration_ms;
}

function kwhHolds(r: CompiledRestrictions, kwh: Decimal): boolean {
  if (r.min_kwh !== undefined && kwh.lt(r.min_kwh)) {
    return false;
  }
  return r.max_kwh === undefined || kwh.lt(r.max_kwh);
}

/**
 * min_x holds when the period's minimum (else its maximum) is >= min_x; max_x holds when the
 * period's maximum (else its minimum) is < max_x. Without any measurement it does not hold.
 */
function rangeHolds(
  min: number | undefined,
  max: number | undefined,
  periodMin: number | undefined,
  periodMax: number | undefined,
): boolean {
  if (min !== undefined) {
    const value = periodMin ?? periodMax;
    if (value === undefined || value < min) {
      return false;
    }
  }
  if (max !== undefined) {
    const value = periodMax ?? periodMin;
    if (value === undefined || value >= max) {
      return false;
    }
  }
  return true;
}
