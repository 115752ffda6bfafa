/**
 * Walks the CDR's periods (split where conditions change) and finds, per dimension and context,
 * the active price component: the first candidate whose element's restrictions hold. Adjacent
 * stretches of one period priced by the same component are merged into one priced quantity.
 */
import { ONE, ZERO, addToRunningSum, type Decimal, type RunningSum } from '#money';
import type { Candidate, CompiledTariff, PricingContext } from './compiled-tariff.js';
import { localFields, type LocalClock } from './local-clock.js';
import type { ChargingPeriod, PricingCdr } from './model.js';
import type { PricingPolicies } from './policies.js';
import { restrictionsHold, type MatchState } from './restrictions.js';
import { splitPeriod, type PeriodFacts, type SubPeriod, type Volumes } from './split-periods.js';

export type QuantityDimension = 'FLAT' | 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'RESERVATION_TIME';

export interface PricedQuantity {
  readonly period_index: number;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly context: PricingContext;
  readonly dimension: QuantityDimension;
  readonly candidate: Candidate;
  /** kWh for ENERGY, hours for the time dimensions, 1 for FLAT. */
  readonly volume: Decimal;
  /** The volume billed: equal to volume until step_size adds the surplus (step-size.ts). */
  readonly billed_volume: Decimal;
}

interface PeriodInfo extends PeriodFacts {
  readonly charging: boolean;
  readonly reservation: boolean;
  readonly measures: Pick<MatchState, 'max_current' | 'min_current' | 'max_power' | 'min_power'>;
}

interface WalkState {
  readonly quantities: PricedQuantity[];
  readonly flatDone: Set<PricingContext>;
  /** Per stream (context and dimension): the quantity extended last and its sub-period. */
  readonly open: Map<string, { index: number; sub: number }>;
}

export function describePeriods(cdr: PricingCdr): PeriodInfo[] {
  let kwh: RunningSum = { decimal: ZERO, exact: { units: 0n, scale: 0 } };
  return cdr.charging_periods.map((period, index) => {
    const next = cdr.charging_periods[index + 1];
    const volumes = volumesOf(period);
    const info: PeriodInfo = {
      index,
      start_ms: period.start_ms,
      end_ms: next === undefined ? cdr.end_ms : next.start_ms,
      volumes,
      kwh_before: kwh.decimal,
      charging:
        volumes.energy_kwh !== undefined ||
        volumes.time_h !== undefined ||
        volumes.parking_h !== undefined ||
        volumes.reservation_h === undefined,
      reservation: volumes.reservation_h !== undefined,
      measures: measuresOf(period),
    };
    kwh = volumes.energy_kwh === undefined ? kwh : addToRunningSum(kwh, volumes.energy_kwh);
    return info;
  });
}

function volumesOf(period: ChargingPeriod): Volumes {
  const volumes: { -readonly [K in keyof Volumes]: Volumes[K] } = {
    energy_kwh: undefined,
    time_h: undefined,
    parking_h: undefined,
    reservation_h: undefined,
  };
  for (const { type, volume } of period.dimensions) {
    if (type === 'ENERGY') volumes.energy_kwh = volume;
    else if (type === 'TIME') volumes.time_h = volume;
    else if (type === 'PARKING_TIME') volumes.parking_h = volume;
    else if (type === 'RESERVATION_TIME') volumes.reservation_h = volume;
  }
  return volumes;
}

function measuresOf(period: ChargingPeriod): PeriodInfo['measures'] {
  const measures: { -readonly [K in keyof PeriodInfo['measures']]: number | undefined } = {
    max_current: undefined,
    min_current: undefined,
    max_power: undefined,
    min_power: undefined,
  };
  for (const { type, volume_number } of period.dimensions) {
    if (type === 'MAX_CURRENT') measures.max_current = volume_number;
    else if (type === 'MIN_CURRENT') measures.min_current = volume_number;
    else if (type === 'MAX_POWER') measures.max_power = volume_number;
    else if (type === 'MIN_POWER') measures.min_power = volume_number;
  }
  return measures;
}

export function collectPricedQuantities(
  periods: readonly PeriodInfo[],
  tariff: CompiledTariff,
  clock: LocalClock,
  policies: PricingPolicies,
  duration_origin_ms: number,
): PricedQuantity[] {
  const expired = periods.every((period) => !period.charging);
  const walk: WalkState = { quantities: [], flatDone: new Set(), open: new Map() };
  let subIndex = 0;
  for (const period of periods) {
    const subs =
      policies.period_split === 'PRO_RATA'
        ? splitPeriod(period, tariff, clock, duration_origin_ms)
        : [period];
    for (const sub of subs) {
      subIndex += 1;
      const state = matchState(sub, period, clock, duration_origin_ms);
      const holds = memoHolds(tariff, state);
      const at: At = { subIndex, period: period.index, sub };
      if (period.reservation) {
        const context = expired ? 'RESERVATION_EXPIRED' : 'RESERVATION';
        priceFlat(walk, tariff, context, holds, period.index, sub);
        const time = pick(tariff.candidates[context].TIME, holds);
        extend(walk, at, context, 'RESERVATION_TIME', time, 'reservation_h');
      }
      if (period.charging) {
        const candidates = tariff.candidates.CHARGING;
        priceFlat(walk, tariff, 'CHARGING', holds, period.index, sub);
        extend(walk, at, 'CHARGING', 'ENERGY', pick(candidates.ENERGY, holds), 'energy_kwh');
        extend(walk, at, 'CHARGING', 'TIME', pick(candidates.TIME, holds), 'time_h');
        const parking = pick(candidates.PARKING_TIME, holds);
        extend(walk, at, 'CHARGING', 'PARKING_TIME', parking, 'parking_h');
      }
    }
  }
  return walk.quantities;
}

function matchState(
  sub: SubPeriod,
  period: PeriodInfo,
  clock: LocalClock,
  duration_origin_ms: number,
): MatchState {
  const at = Math.floor(sub.start_ms);
  const measures = period.measures;
  return {
    local: localFields(at, clock.offsetMs(at)),
    duration_ms: sub.start_ms - duration_origin_ms,
    kwh: sub.kwh_before,
    max_current: measures.max_current,
    min_current: measures.min_current,
    max_power: measures.max_power,
    min_power: measures.min_power,
  };
}

type Holds = (element_index: number) => boolean;

function memoHolds(tariff: CompiledTariff, state: MatchState): Holds {
  const memo: (boolean | undefined)[] = [];
  return (element_index) => {
    let known = memo[element_index];
    if (known === undefined) {
      known = restrictionsHold(tariff.restrictions[element_index] ?? {}, state);
      memo[element_index] = known;
    }
    return known;
  };
}

function pick(candidates: readonly Candidate[], holds: Holds): Candidate | undefined {
  for (const candidate of candidates) {
    if (holds(candidate.element_index)) {
      return candidate;
    }
  }
  return undefined;
}

function priceFlat(
  walk: WalkState,
  tariff: CompiledTariff,
  context: PricingContext,
  holds: Holds,
  period_index: number,
  sub: SubPeriod,
): void {
  if (walk.flatDone.has(context)) {
    return;
  }
  const candidate = pick(tariff.candidates[context].FLAT, holds);
  if (candidate === undefined) {
    return;
  }
  walk.flatDone.add(context);
  walk.quantities.push({
    period_index,
    start_ms: sub.start_ms,
    end_ms: sub.end_ms,
    context,
    dimension: 'FLAT',
    candidate,
    volume: ONE,
    billed_volume: ONE,
  });
}

/** Where the walk is: the running sub-period number, the CDR period and the sub-period. */
interface At {
  readonly subIndex: number;
  readonly period: number;
  readonly sub: SubPeriod;
}

function extend(
  walk: WalkState,
  { subIndex, period: period_index, sub }: At,
  context: PricingContext,
  dimension: QuantityDimension,
  candidate: Candidate | undefined,
  volumeKey: keyof Volumes,
): void {
  const volume = sub.volumes[volumeKey];
  const key = context === 'CHARGING' ? dimension : context;
  if (candidate === undefined || volume === undefined || volume.isZero()) {
    walk.open.delete(key);
    return;
  }
  const open = walk.open.get(key);
  const previous = open === undefined ? undefined : walk.quantities[open.index];
  if (
    open !== undefined &&
    previous !== undefined &&
    open.sub === subIndex - 1 &&
    previous.period_index === period_index &&
    previous.candidate === candidate
  ) {
    const sum = previous.volume.plus(volume);
    walk.quantities[open.index] = withVolume(previous, sub.end_ms, sum, sum);
    walk.open.set(key, { index: open.index, sub: subIndex });
    return;
  }
  walk.quantities.push({
    period_index,
    start_ms: sub.start_ms,
    end_ms: sub.end_ms,
    context,
    dimension,
    candidate,
    volume,
    billed_volume: volume,
  });
  walk.open.set(key, { index: walk.quantities.length - 1, sub: subIndex });
}

/** A copy with a new end, volume and billed volume (a literal: V8 spreads slowly). */
export function withVolume(
  q: PricedQuantity,
  end_ms: number,
  volume: Decimal,
  billed_volume: Decimal,
): PricedQuantity {
  return {
    period_index: q.period_index,
    start_ms: q.start_ms,
    end_ms,
    context: q.context,
    dimension: q.dimension,
    candidate: q.candidate,
    volume,
    billed_volume,
  };
}
