/** The result of pricing a CDR: exact decimal amounts and the breakdown that explains them. */
import type { Decimal } from '#money';
import type { PricingContext } from './compiled-tariff.js';
import type { TariffDimensionType } from './model.js';
import type { QuantityDimension } from './priced-quantities.js';

export interface Amount {
  readonly excl_vat: Decimal;
  readonly incl_vat: Decimal;
}

export interface BreakdownEntry {
  readonly period_index: number;
  /** Epoch milliseconds of the priced stretch (toPriceJson prints ISO 8601 instants). */
  readonly start_ms: number;
  readonly end_ms: number;
  readonly context: PricingContext;
  /** The CDR quantity priced: FLAT, ENERGY, TIME, PARKING_TIME or RESERVATION_TIME. */
  readonly dimension: QuantityDimension;
  readonly element_index: number;
  readonly component_index: number;
  readonly component_type: TariffDimensionType;
  /** Per kWh, per hour, or per session context (FLAT), as given in the tariff. */
  readonly price: Decimal;
  readonly step_size: number;
  readonly vat: Decimal | undefined;
  readonly volume_unit: 'kWh' | 'h' | 'session';
  readonly volume: Decimal;
  /** volume after step_size (the surplus lands on the last priced quantity). */
  readonly billed_volume: Decimal;
  readonly amount: Amount;
}

export type LimitApplied = 'MIN_PRICE' | 'MAX_PRICE' | null;

export interface PriceResult {
  readonly currency: string;
  /** After min_price / max_price. */
  readonly total_cost: Amount;
  /** The sum of the breakdown amounts, before min_price / max_price. */
  readonly total_cost_before_limits: Amount;
  readonly price_limit_applied: {
    readonly excl_vat: LimitApplied;
    readonly incl_vat: LimitApplied;
  };
  /** null: no quantity of that kind was priced (no matching component). */
  readonly total_fixed_cost: Amount | null;
  readonly total_energy_cost: Amount | null;
  readonly total_time_cost: Amount | null;
  readonly total_parking_cost: Amount | null;
  readonly total_reservation_cost: Amount | null;
  /** kWh. */
  readonly total_energy: Decimal;
  /** Hours from the first charging period to the CDR end (charging and parking). */
  readonly total_time: Decimal;
  /** Hours. */
  readonly total_parking_time: Decimal;
  readonly breakdown: readonly BreakdownEntry[];
  readonly policy: Readonly<Record<string, string>>;
}
