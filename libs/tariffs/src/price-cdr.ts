/**
 * priceCdr: the pricing engine's entry point. Pure: the same tariff, CDR, time zone and policies
 * always give the same result; no clock, no I/O, no rounding (see POLICIES.md).
 */
import { Dec, ZERO, type Decimal } from '../../money/src/index.js';
import { addAmounts, amountOf, clampTotal, ZERO_AMOUNT } from './amounts.js';
import { compileTariff } from './compiled-tariff.js';
import { PricingInputError } from './errors.js';
import { LocalClock } from './local-clock.js';
import type { PricingCdr, Tariff } from './model.js';
import { policyRecord, resolvePolicies, type PricingPolicies } from './policies.js';
import { collectPricedQuantities, describePeriods } from './priced-quantities.js';
import type { Amount, BreakdownEntry, PriceResult } from './price-result.js';
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
  const breakdown = billed.map(breakdownEntry);
  const totals = sumByKind(breakdown);
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
    total_time: new Dec(totalTimeMs).dividedBy(MS_PER_HOUR),
    total_parking_time: sumVolumes(periods.map((p) => p.volumes.parking_h)),
    breakdown,
    policy: policyRecord(policies, time_zone),
  };
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

function breakdownEntry(q: BilledQuantity): BreakdownEntry {
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
    amount: amountOf(q),
  };
}

interface Totals {
  total: Amount;
  fixed: Amount | null;
  energy: Amount | null;
  time: Amount | null;
  parking: Amount | null;
  reservation: Amount | null;
}

function sumByKind(breakdown: readonly BreakdownEntry[]): Totals {
  const totals: Totals = {
    total: ZERO_AMOUNT,
    fixed: null,
    energy: null,
    time: null,
    parking: null,
    reservation: null,
  };
  for (const entry of breakdown) {
    const kind = kindOf(entry);
    totals[kind] = addAmounts(totals[kind] ?? ZERO_AMOUNT, entry.amount);
  }
  for (const kind of ['fixed', 'energy', 'time', 'parking', 'reservation'] as const) {
    const sum = totals[kind];
    totals.total = sum === null ? totals.total : addAmounts(totals.total, sum);
  }
  return totals;
}

function kindOf(entry: BreakdownEntry): Exclude<keyof Totals, 'total'> {
  if (entry.context !== 'CHARGING') {
    return 'reservation';
  }
  switch (entry.dimension) {
    case 'FLAT':
      return 'fixed';
    case 'ENERGY':
      return 'energy';
    case 'TIME':
      return 'time';
    case 'PARKING_TIME':
      return 'parking';
    case 'RESERVATION_TIME':
      return 'reservation';
    default: {
      const unreachable: never = entry.dimension;
      throw new Error(`unknown dimension ${String(unreachable)}`);
    }
  }
}
