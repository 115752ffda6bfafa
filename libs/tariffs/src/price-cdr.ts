/**
 * priceCdr: the pricing engine's entry point. Pure: the same tariff, CDR, time zone and policies
 * always give the same result; no clock, no I/O, no rounding (see POLICIES.md).
 */
import { Dec, ZERO, decimalOf, type Decimal } from '#money';
import { amountOf, clampTotal, type PricedAmount } from './amounts.js';
import { compileTariff } from './compiled-tariff.js';
import { PricingInputError } from './errors.js';
import { LocalClock } from './local-clock.js';
import type { PricingCdr, Tariff } from './model.js';
import { policyRecord, resolvePolicies, type PricingPolicies } from './policies.js';
import { collectPricedQuantities, describePeriods } from './priced-quantities.js';
import type { BreakdownEntry, PriceResult } from './price-result.js';
import { exactTotals, sumByKind } from './totals.js';
import { applyStepSizes, type BilledQuantity } from './step-size.js';

export interface PriceCdrInput {
  readonly tariff: Tariff;
  readonly cdr: PricingCdr;
  /** The Location's IANA time zone, e.g. "Europe/Berlin". */
  readonly time_zone: string;
  readonly policies?: Partial<PricingPolicies>;
}

const MS_PER_HOUR = new Dec(3_600_000);

export function priceCdr(input: PriceCdrInput): PriceResult {
  const { tariff, cdr, time_zone } = input;
  const clock = LocalClock.of(time_zone);
  if (clock === undefined) {
    throw new PricingInputError([
      { path: 'time_zone', reason: `unknown IANA time zone ${JSON.stringify(time_zone)}` },
    ]);
  }
  const policies = resolvePolicies(input.policies);
  const compiled = compileTariff(tariff);
  const periods = describePeriods(cdr);
  const firstCharging = periods.find((period) => period.charging);
  const origin_ms =
    policies.duration_origin === 'CHARGING_START' && firstCharging
      ? firstCharging.start_ms
      : cdr.start_ms;
  const quantities = collectPricedQuantities(periods, compiled, clock, policies, origin_ms);
  const billed = applyStepSizes(quantities);
  const amounts = billed.map(amountOf);
  const breakdown = billed.map((q, k) => breakdownEntry(q, amounts[k] as PricedAmount));
  const totals = exactTotals(breakdown, amounts) ?? sumByKind(breakdown);
  const clamped = clampTotal(totals.total, tariff.min_price, tariff.max_price);
  const totalTimeMs = firstCharging ? cdr.end_ms - firstCharging.start_ms : 0;
  return {
    currency: tariff.currency,
    total_cost: clamped.amount,
    total_cost_before_limits: totals.total,
    price_limit_applied: clamped.applied,
    total_fixed_cost: totals.fixed,
    total_energy_cost: totals.energy,
    total_time_cost: totals.time,
    total_parking_cost: totals.parking,
    total_reservation_cost: totals.reservation,
    total_energy: totalEnergy(periods),
    total_time: hoursOf(totalTimeMs),
    total_parking_time: sumVolumes(periods.map((p) => p.volumes.parking_h)),
    breakdown,
    policy: policyRecord(policies, time_zone),
  };
}

/**
 * Milliseconds as hours. 3,600,000 = 9 * 400,000: a multiple of 9 ms is a terminating decimal,
 * (ms / 9) * 25 ten-millionths, built without decimal.js's long division; other values (a
 * repeating decimal, rounded to Dec.precision digits) go through the division.
 */
export function hoursOf(ms: number): Decimal {
  if (Number.isSafeInteger(ms) && ms >= 0 && ms % 9 === 0) {
    return decimalOf({ units: (BigInt(ms) / 9n) * 25n, scale: 7 });
  }
  return new Dec(ms).dividedBy(MS_PER_HOUR);
}

function totalEnergy(periods: ReturnType<typeof describePeriods>): Decimal {
  const last = periods[periods.length - 1];
  if (last === undefined) {
    return ZERO;
  }
  return last.volumes.energy_kwh === undefined
    ? last.kwh_before
    : last.kwh_before.plus(last.volumes.energy_kwh);
}

function sumVolumes(volumes: readonly (Decimal | undefined)[]): Decimal {
  return volumes.reduce<Decimal>((sum, volume) => (volume ? sum.plus(volume) : sum), ZERO);
}

function breakdownEntry(q: BilledQuantity, priced: PricedAmount): BreakdownEntry {
  const component = q.candidate.component;
  return {
    period_index: q.period_index,
    start_ms: q.start_ms,
    end_ms: q.end_ms,
    context: q.context,
    dimension: q.dimension,
    element_index: q.candidate.element_index,
    component_index: q.candidate.component_index,
    component_type: component.type,
    price: component.price,
    step_size: component.step_size,
    vat: component.vat,
    volume_unit: q.dimension === 'FLAT' ? 'session' : q.dimension === 'ENERGY' ? 'kWh' : 'h',
    volume: q.volume,
    billed_volume: q.billed_volume,
    amount: priced.amount,
  };
}
