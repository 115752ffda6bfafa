/**
 * The JSON form of a PriceResult, exactly the `ledger price` output of INTERFACES.md: decimal
 * strings, never rounded to the currency's minor unit, never in exponent notation. Exact values
 * with more places than the json_decimal_places_max policy (e.g. 71 minutes = 1.18333... h) are
 * shown rounded half-even to that many places; the PriceResult itself stays exact.
 */
import { Dec, decimalString, type Decimal } from '#money';
import { isoInstant } from './civil-time.js';
import { DEFAULT_PRICING_POLICIES } from './policies.js';
import type { Amount, BreakdownEntry, PriceResult } from './price-result.js';

export interface AmountJson {
  readonly excl_vat: string;
  readonly incl_vat: string;
}

export interface BreakdownEntryJson {
  readonly period_index: number;
  readonly start_date_time: string;
  readonly end_date_time: string;
  readonly context: string;
  readonly dimension: string;
  readonly element_index: number;
  readonly component_index: number;
  readonly component_type: string;
  readonly price: string;
  readonly step_size: number;
  readonly vat: string | null;
  readonly volume_unit: string;
  readonly volume: string;
  readonly billed_volume: string;
  readonly amount: AmountJson;
}

export interface PriceJson {
  readonly currency: string;
  readonly total_cost: AmountJson;
  readonly total_fixed_cost: AmountJson | null;
  readonly total_energy_cost: AmountJson | null;
  readonly total_time_cost: AmountJson | null;
  readonly total_parking_cost: AmountJson | null;
  readonly total_reservation_cost: AmountJson | null;
  readonly total_energy: string;
  readonly total_time: string;
  readonly total_parking_time: string;
  readonly breakdown: readonly BreakdownEntryJson[];
  readonly policy: Readonly<Record<string, string>>;
  readonly total_cost_before_limits: AmountJson;
  readonly price_limit_applied: {
    readonly excl_vat: string | null;
    readonly incl_vat: string | null;
  };
}

export function toPriceJson(result: PriceResult): PriceJson {
  const places = Number(
    result.policy['json_decimal_places_max'] ?? DEFAULT_PRICING_POLICIES.json_decimal_places_max,
  );
  const text = (value: Decimal) => formatDecimal(value, places);
  const amount = (value: Amount) => amountJson(value, text);
  const optional = (value: Amount | null) => (value === null ? null : amount(value));
  return {
    currency: result.currency,
    total_cost: amount(result.total_cost),
    total_fixed_cost: optional(result.total_fixed_cost),
    total_energy_cost: optional(result.total_energy_cost),
    total_time_cost: optional(result.total_time_cost),
    total_parking_cost: optional(result.total_parking_cost),
    total_reservation_cost: optional(result.total_reservation_cost),
    total_energy: text(result.total_energy),
    total_time: text(result.total_time),
    total_parking_time: text(result.total_parking_time),
    breakdown: result.breakdown.map((entry) => breakdownJson(entry, text)),
    policy: { ...result.policy },
    total_cost_before_limits: amount(result.total_cost_before_limits),
    price_limit_applied: { ...result.price_limit_applied },
  };
}

function breakdownJson(entry: BreakdownEntry, text: (v: Decimal) => string): BreakdownEntryJson {
  return {
    period_index: entry.period_index,
    start_date_time: isoInstant(entry.start_ms),
    end_date_time: isoInstant(entry.end_ms),
    context: entry.context,
    dimension: entry.dimension,
    element_index: entry.element_index,
    component_index: entry.component_index,
    component_type: entry.component_type,
    price: text(entry.price),
    step_size: entry.step_size,
    vat: entry.vat === undefined ? null : text(entry.vat),
    volume_unit: entry.volume_unit,
    volume: text(entry.volume),
    billed_volume: text(entry.billed_volume),
    amount: amountJson(entry.amount, text),
  };
}

function amountJson(value: Amount, text: (v: Decimal) => string): AmountJson {
  return { excl_vat: text(value.excl_vat), incl_vat: text(value.incl_vat) };
}

/** Plain notation, trailing zeros dropped, at most `places` decimals (half-even beyond). */
export function formatDecimal(value: Decimal, places: number): string {
  const exact =
    value.decimalPlaces() <= places ? value : value.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
  return decimalString(exact);
}
