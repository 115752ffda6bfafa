/**
 * Every interpretation the OCPI specification leaves open is a named policy with a documented
 * default (see POLICIES.md). The configurable ones are in PricingPolicies; the others are fixed
 * by this engine and echoed with the price so that an auditor can reproduce any figure.
 */
export interface PricingPolicies {
  /**
   * How a period is priced when restriction conditions change inside it (a time-of-day or date
   * boundary, a min/max_duration or min/max_kwh threshold reached mid-period).
   * PRO_RATA: split the period at the exact instant; volumes are divided in proportion to
   * elapsed time (energy thresholds split the energy exactly at the threshold).
   * PERIOD_START: the whole period is priced with the conditions at its start.
   */
  readonly period_split: 'PRO_RATA' | 'PERIOD_START';
  /** What min/max_duration count from: the CDR start_date_time, or the first charging period. */
  readonly duration_origin: 'CDR_START' | 'CHARGING_START';
  /** Places of decimals in toPriceJson before an exact value is rounded (HALF_EVEN) for display. */
  readonly json_decimal_places_max: number;
}

export const DEFAULT_PRICING_POLICIES: PricingPolicies = Object.freeze({
  period_split: 'PRO_RATA',
  duration_origin: 'CDR_START',
  json_decimal_places_max: 10,
});

/** Policies this engine applies without an alternative; documented in POLICIES.md. */
export const FIXED_PRICING_POLICIES: Readonly<Record<string, string>> = {
  element_selection: 'FIRST_MATCHING_ELEMENT_PER_DIMENSION_IN_LIST_ORDER',
  flat_fee: 'ONCE_PER_CONTEXT_FIRST_MATCH_IN_PERIOD_ORDER',
  reservation_matching: 'RESERVATION_ELEMENTS_ONLY_FOR_RESERVATION_TIME_EXPIRES_FIRST_WHEN_EXPIRED',
  expired_reservation: 'CDR_WITHOUT_ENERGY_TIME_OR_PARKING_DIMENSIONS',
  step_size: 'ERRATA_ONCE_PER_SESSION_ON_LAST_PRICED_QUANTITY',
  time_step_scope: 'TIME_AND_PARKING_TIME_TOGETHER_ON_LAST_TIME_BASED_DIMENSION',
  reservation_step_scope: 'RESERVATION_TIME_SEPARATELY',
  step_size_zero: 'NO_STEP_ROUNDING',
  same_period_time_order: 'PARKING_TIME_AFTER_TIME',
  time_volume_source: 'CDR_DIMENSION_VOLUME',
  kwh_restriction_basis: 'ENERGY_CONSUMED_BEFORE_THE_INSTANT',
  current_power_restriction:
    'MAX_X_CHECKS_MAX_DIMENSION_MIN_X_CHECKS_MIN_DIMENSION_FALLBACK_OTHER_ELSE_NOT_MET',
  time_window_equal_start_end: 'WHOLE_DAY',
  time_zone_evaluation: 'LOCAL_WALL_CLOCK_AT_INSTANT_LUXON_IANA',
  vat_absent: 'INCL_VAT_EQUALS_EXCL_VAT',
  tax_included_yes: 'PRICE_INCLUDES_VAT_EXCL_DERIVED_BY_VAT_RATE',
  tax_included_na: 'NO_TAX_INCL_EQUALS_EXCL',
  price_limits: 'CLAMP_EXCL_AND_INCL_INDEPENDENTLY',
  price_limit_without_incl_vat: 'EXCL_LIMIT_TIMES_EFFECTIVE_VAT_RATIO',
  dimension_cost_null: 'NULL_WHEN_NO_QUANTITY_OF_THE_DIMENSION_WAS_PRICED',
  reservation_cost: 'RESERVATION_FLAT_AND_TIME_IN_TOTAL_RESERVATION_COST_ONLY',
  total_time: 'CHARGING_WALL_CLOCK_FIRST_CHARGING_PERIOD_TO_CDR_END',
  tariff_validity_dates: 'NOT_CHECKED_TARIFF_SELECTION_IS_THE_CALLERS',
  rounding: 'NONE_EXACT_DECIMAL_ROUND_TO_MINOR_UNIT_WHEN_POSTING',
};

export function resolvePolicies(overrides: Partial<PricingPolicies> | undefined): PricingPolicies {
  if (overrides === undefined) {
    return DEFAULT_PRICING_POLICIES;
  }
  const policies = { ...DEFAULT_PRICING_POLICIES, ...overrides };
  if (!['PRO_RATA', 'PERIOD_START'].includes(policies.period_split)) {
    throw new RangeError(`unknown period_split policy: ${String(policies.period_split)}`);
  }
  if (!['CDR_START', 'CHARGING_START'].includes(policies.duration_origin)) {
    throw new RangeError(`unknown duration_origin policy: ${String(policies.duration_origin)}`);
  }
  const places = policies.json_decimal_places_max;
  if (!Number.isInteger(places) || places < 4 || places > 40) {
    throw new RangeError('json_decimal_places_max must be an integer from 4 to 40');
  }
  return policies;
}

const records = new Map<string, Readonly<Record<string, string>>>();
const RECORDS_MAX = 1000;

/** The policy record echoed with a price; one shared frozen object per distinct combination. */
export function policyRecord(
  policies: PricingPolicies,
  time_zone: string,
): Readonly<Record<string, string>> {
  const { period_split, duration_origin, json_decimal_places_max } = policies;
  const key = `${time_zone}|${period_split}|${duration_origin}|${json_decimal_places_max}`;
  const known = records.get(key);
  if (known) {
    return known;
  }
  const record = Object.freeze(buildRecord(policies, time_zone));
  if (records.size < RECORDS_MAX) {
    records.set(key, record);
  }
  return record;
}

function buildRecord(policies: PricingPolicies, time_zone: string): Record<string, string> {
  return {
    time_zone,
    period_split: policies.period_split,
    duration_origin: policies.duration_origin,
    json_decimal_places_max: String(policies.json_decimal_places_max),
    ...FIXED_PRICING_POLICIES,
  };
}
