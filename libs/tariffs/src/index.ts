/**
 * OCPI tariff pricing (2.2.1 and 2.3.0 tariffs): parse, price, serialise. Pure functions.
 * parseTariff / parsePricingCdr throw PricingInputError (issues with JSON paths) on bad input;
 * priceCdr throws PricingInputError for an unknown time zone (path `time_zone`).
 */
import { LocalClock } from './local-clock.js';

export { parseTariff } from './parse-tariff.js';
export { parsePricingCdr } from './parse-cdr.js';
export { priceCdr, type PriceCdrInput } from './price-cdr.js';
export { periodsSpanningPriceBoundaries } from './period-split.js';
export {
  toPriceJson,
  formatDecimal,
  type PriceJson,
  type AmountJson,
  type BreakdownEntryJson,
} from './price-json.js';
export { PricingInputError, type InputIssue } from './errors.js';
export {
  DEFAULT_PRICING_POLICIES,
  FIXED_PRICING_POLICIES,
  type PricingPolicies,
} from './policies.js';
export { LocalClock };
export type { PricingContext } from './compiled-tariff.js';
export type { QuantityDimension } from './priced-quantities.js';
export type { Amount, BreakdownEntry, LimitApplied, PriceResult } from './price-result.js';
export * from './model.js';

/** True when `zone` is an IANA time zone name luxon (Intl) knows. */
export function isValidTimeZone(zone: string): boolean {
  return LocalClock.of(zone) !== undefined;
}
