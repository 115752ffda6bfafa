/**
 * A tariff prepared once for pricing many CDRs: restrictions turned into numbers (ms of day, day
 * numbers, weekday bit masks), candidate components per dimension and context in list order, and
 * the thresholds at which a period may have to be split.
 */
import type { Decimal } from '#money';
import { exactPricing, vatRule, type ExactPricing, type VatRule } from './amounts.js';
import { dayNumber, timeOfDayMs } from './local-clock.js';
import {
  DAYS_OF_WEEK,
  type PriceComponent,
  type Tariff,
  type TariffRestrictions,
} from './model.js';

export type PricingContext = 'CHARGING' | 'RESERVATION' | 'RESERVATION_EXPIRED';
type PricedDimension = 'FLAT' | 'ENERGY' | 'TIME' | 'PARKING_TIME';

export interface CompiledRestrictions {
  readonly start_tod_ms?: number;
  readonly end_tod_ms?: number;
  readonly start_day?: number;
  readonly end_day?: number;
  readonly weekday_mask?: number;
  readonly min_kwh?: Decimal;
  readonly max_kwh?: Decimal;
  readonly min_current?: number;
  readonly max_current?: number;
  readonly min_power?: number;
  readonly max_power?: number;
  readonly min_duration_ms?: number;
  readonly max_duration_ms?: number;
}

export interface Candidate {
  readonly element_index: number;
  readonly component_index: number;
  readonly component: PriceComponent;
  readonly vat_rule: VatRule;
  /** The price and VAT factor as scaled integers, for the exact fast path (amounts.ts). */
  readonly exact: ExactPricing | undefined;
}

export interface CompiledTariff {
  readonly tariff: Tariff;
  readonly restrictions: readonly CompiledRestrictions[];
  /** candidates[context][dimension]: components in the order they are tried. */
  readonly candidates: Readonly<
    Record<PricingContext, Readonly<Record<PricedDimension, readonly Candidate[]>>>
  >;
  /** Local times of day (ms) at which some clock restriction may change. */
  readonly clock_cuts_ms: readonly number[];
  readonly duration_cuts_ms: readonly number[];
  readonly kwh_cuts: readonly Decimal[];
}

const cache = new WeakMap<Tariff, CompiledTariff>();

export function compileTariff(tariff: Tariff): CompiledTariff {
  const known = cache.get(tariff);
  if (known) {
    return known;
  }
  const restrictions = tariff.elements.map((element) => compileRestrictions(element.restrictions));
  const compiled: CompiledTariff = {
    tariff,
    restrictions,
    candidates: {
      CHARGING: candidatesFor(tariff, (r) => r === undefined),
      RESERVATION: candidatesFor(tariff, (r) => r === 'RESERVATION'),
      RESERVATION_EXPIRED: expiredCandidates(tariff),
    },
    clock_cuts_ms: clockCuts(restrictions),
    duration_cuts_ms: uniqueNumbers(
      restrictions.flatMap((r) => [r.min_duration_ms, r.max_duration_ms]),
    ),
    kwh_cuts: restrictions.flatMap((r) => [r.min_kwh, r.max_kwh]).filter((v) => v !== undefined),
  };
  cache.set(tariff, compiled);
  return compiled;
}

type ReservationFilter = (reservation: TariffRestrictions['reservation']) => boolean;

function candidatesFor(
  tariff: Tariff,
  accepts: ReservationFilter,
): Record<PricedDimension, Candidate[]> {
  const result: Record<PricedDimension, Candidate[]> = {
    FLAT: [],
    ENERGY: [],
    TIME: [],
    PARKING_TIME: [],
  };
  tariff.elements.forEach((element, element_index) => {
    if (!accepts(element.restrictions?.reservation)) {
      return;
    }
    const seen = new Set<string>();
    element.price_components.forEach((component, component_index) => {
      // Only the first component of a dimension in an element can be active.
      if (!seen.has(component.type)) {
        seen.add(component.type);
        const vat_rule = vatRule(component, tariff.tax_included);
        const exact = exactPricing(component, vat_rule);
        result[component.type].push({
          element_index,
          component_index,
          component,
          vat_rule,
          exact,
        });
      }
    });
  });
  return result;
}

/** An expired reservation: RESERVATION_EXPIRES elements first, then RESERVATION elements. */
function expiredCandidates(tariff: Tariff): Record<PricedDimension, Candidate[]> {
  const expires = candidatesFor(tariff, (r) => r === 'RESERVATION_EXPIRES');
  const reservation = candidatesFor(tariff, (r) => r === 'RESERVATION');
  return {
    FLAT: [...expires.FLAT, ...reservation.FLAT],
    ENERGY: [],
    TIME: [...expires.TIME, ...reservation.TIME],
    PARKING_TIME: [],
  };
}

function compileRestrictions(r: TariffRestrictions | undefined): CompiledRestrictions {
  if (r === undefined) {
    return {};
  }
  const toNumber = (value: Decimal | undefined) => value?.toNumber();
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  const compiled: Record<string, unknown> = {
    start_tod_ms: r.start_time === undefined ? undefined : timeOfDayMs(r.start_time),
    end_tod_ms: r.end_time === undefined ? undefined : timeOfDayMs(r.end_time),
    start_day: r.start_date === undefined ? undefined : dayNumber(r.start_date),
    end_day: r.end_date === undefined ? undefined : dayNumber(r.end_date),
    weekday_mask: r.day_of_week === undefined ? undefined : weekdayMask(r.day_of_week),
    min_kwh: r.min_kwh,
    max_kwh: r.max_kwh,
    min_current: toNumber(r.min_current),
    max_current: toNumber(r.max_current),
    min_power: toNumber(r.min_power),
    max_power: toNumber(r.max_power),
    min_duration_ms: seconds(r.min_duration),
    max_duration_ms: seconds(r.max_duration),
  };
  return Object.fromEntries(
    Object.entries(compiled).filter(([, v]) => v !== undefined),
  ) as CompiledRestrictions;
}

function weekdayMask(days: readonly string[]): number {
  return days.reduce((mask, day) => mask | (1 << DAYS_OF_WEEK.indexOf(day as never)), 0);
}

/** Times of day at which a time window opens or closes; midnight where a day restriction is. */
function clockCuts(all: readonly CompiledRestrictions[]): number[] {
  const cuts: (number | undefined)[] = [];
  for (const r of all) {
    cuts.push(r.start_tod_ms, r.end_tod_ms);
    if (r.weekday_mask !== undefined || r.start_day !== undefined || r.end_day !== undefined) {
      cuts.push(0);
    }
  }
  return uniqueNumbers(cuts);
}

function uniqueNumbers(values: readonly (number | undefined)[]): number[] {
  const set = new Set(values.filter((v): v is number => v !== undefined));
  return [...set].sort((a, b) => a - b);
}
