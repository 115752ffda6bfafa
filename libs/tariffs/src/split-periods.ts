/**
 * Splits a charging period where the tariff's restriction conditions can change inside it: at
 * local time-of-day / midnight boundaries (DST-exact), at min/max_duration thresholds and at
 * min/max_kwh thresholds. Volumes are shared pro rata by elapsed time; energy thresholds split
 * the energy exactly at the threshold. The parts of a volume always add up to the volume exactly.
 */
import { Dec, ZERO, type Decimal } from '#money';
import type { CompiledTariff } from './compiled-tariff.js';
import { DAY_MS, type LocalClock } from './local-clock.js';

export interface Volumes {
  readonly energy_kwh: Decimal | undefined;
  readonly time_h: Decimal | undefined;
  readonly parking_h: Decimal | undefined;
  readonly reservation_h: Decimal | undefined;
}

export interface PeriodFacts {
  readonly index: number;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly volumes: Volumes;
  /** kWh consumed before the period starts. */
  readonly kwh_before: Decimal;
}

export interface SubPeriod {
  readonly start_ms: number;
  readonly end_ms: number;
  readonly kwh_before: Decimal;
  readonly volumes: Volumes;
}

interface Cut {
  readonly elapsed_ms: number;
  /** Exact elapsed ms when not an integer (energy threshold cuts). */
  readonly exact?: Decimal;
  /** Exact energy consumed in the period up to this cut (energy threshold cuts). */
  readonly energy?: Decimal;
}

const CUTS_MAX = 20_000;

export function splitPeriod(
  period: PeriodFacts,
  tariff: CompiledTariff,
  clock: LocalClock,
  duration_origin_ms: number,
): SubPeriod[] {
  const cuts = findCuts(period, tariff, clock, duration_origin_ms);
  if (cuts.length === 0) {
    // A literal, not a spread: V8 builds `{ ...a, b }` through a slow generic path.
    const whole: SubPeriod = {
      start_ms: period.start_ms,
      end_ms: period.end_ms,
      kwh_before: period.kwh_before,
      volumes: period.volumes,
    };
    return [whole];
  }
  const span = new Dec(period.end_ms - period.start_ms);
  const all: Cut[] = [{ elapsed_ms: 0, exact: ZERO, energy: ZERO }, ...cuts];
  const result: SubPeriod[] = [];
  let previous = cumulative(period.volumes, all[0] as Cut, span);
  for (let k = 0; k < all.length; k += 1) {
    const cut = all[k] as Cut;
    const next = all[k + 1];
    const upTo = next === undefined ? period.volumes : cumulative(period.volumes, next, span);
    result.push({
      start_ms: period.start_ms + cut.elapsed_ms,
      end_ms: next === undefined ? period.end_ms : period.start_ms + next.elapsed_ms,
      kwh_before: period.kwh_before.plus(previous.energy_kwh ?? ZERO),
      volumes: difference(upTo, previous),
    });
    previous = upTo;
  }
  return result;
}

function cumulative(volumes: Volumes, cut: Cut, span: Decimal): Volumes {
  const elapsed = cut.exact ?? new Dec(cut.elapsed_ms);
  const part = (volume: Decimal | undefined) =>
    volume === undefined ? undefined : volume.times(elapsed).dividedBy(span);
  return {
    energy_kwh:
      cut.energy !== undefined && volumes.energy_kwh !== undefined
        ? cut.energy
        : part(volumes.energy_kwh),
    time_h: part(volumes.time_h),
    parking_h: part(volumes.parking_h),
    reservation_h: part(volumes.reservation_h),
  };
}

function difference(upTo: Volumes, before: Volumes): Volumes {
  const minus = (a: Decimal | undefined, b: Decimal | undefined) =>
    a === undefined ? undefined : a.minus(b ?? ZERO);
  return {
    energy_kwh: minus(upTo.energy_kwh, before.energy_kwh),
    time_h: minus(upTo.time_h, before.time_h),
    parking_h: minus(upTo.parking_h, before.parking_h),
    reservation_h: minus(upTo.reservation_h, before.reservation_h),
  };
}

function findCuts(
  period: PeriodFacts,
  tariff: CompiledTariff,
  clock: LocalClock,
  duration_origin_ms: number,
): Cut[] {
  const { start_ms, end_ms } = period;
  if (end_ms <= start_ms) {
    return [];
  }
  const instants = new Set<number>();
  if (tariff.clock_cuts_ms.length > 0) {
    clockCuts(start_ms, end_ms, tariff.clock_cuts_ms, clock, instants);
  }
  for (const threshold of tariff.duration_cuts_ms) {
    const at = duration_origin_ms + threshold;
    if (at > start_ms && at < end_ms) {
      instants.add(at);
    }
  }
  const cuts: Cut[] = [...instants].map((at) => ({ elapsed_ms: at - start_ms }));
  cuts.push(...energyCuts(period, tariff.kwh_cuts));
  if (cuts.length === 0) {
    return cuts;
  }
  cuts.sort((a, b) => a.elapsed_ms - b.elapsed_ms);
  const distinct = cuts.filter((cut, k) => k === 0 || cut.elapsed_ms !== cuts[k - 1]?.elapsed_ms);
  return distinct.slice(0, CUTS_MAX);
}

function clockCuts(
  start_ms: number,
  end_ms: number,
  cutsOfDay: readonly number[],
  clock: LocalClock,
  into: Set<number>,
): void {
  for (const segment of clock.segments(start_ms, end_ms)) {
    if (segment.start_ms > start_ms) {
      into.add(segment.start_ms);
    }
    const offset = segment.offset_ms;
    const firstDay = Math.floor((segment.start_ms + offset) / DAY_MS);
    const lastDay = Math.floor((segment.end_ms - 1 + offset) / DAY_MS);
    for (let day = firstDay; day <= lastDay && into.size < CUTS_MAX; day += 1) {
      for (const cut of cutsOfDay) {
        const at = day * DAY_MS + cut - offset;
        if (at > segment.start_ms && at < segment.end_ms) {
          into.add(at);
        }
      }
    }
  }
}

function energyCuts(period: PeriodFacts, thresholds: readonly Decimal[]): Cut[] {
  const energy = period.volumes.energy_kwh;
  if (thresholds.length === 0 || energy === undefined || energy.isZero()) {
    return [];
  }
  const span = new Dec(period.end_ms - period.start_ms);
  const cuts: Cut[] = [];
  for (const threshold of thresholds) {
    const within = threshold.minus(period.kwh_before);
    const inside = energy.isPositive()
      ? within.gt(0) && within.lt(energy)
      : within.lt(0) && within.gt(energy);
    if (inside) {
      const exact = within.dividedBy(energy).times(span);
      cuts.push({ elapsed_ms: exact.toNumber(), exact, energy: within });
    }
  }
  return cuts;
}
