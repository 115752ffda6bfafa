/**
 * Rounding to the currency's minor unit. Pricing never rounds; this is the ONE place where an
 * exact decimal amount becomes integer minor units (`bigint`), by a named, recordable policy.
 */
import { Dec, type Decimal } from './decimal.js';
import { minorUnitDigits, type CurrencyCode } from './currency.js';

export const ROUNDING_POLICIES = ['HALF_UP', 'HALF_EVEN', 'HALF_DOWN', 'UP', 'DOWN'] as const;
export type RoundingPolicy = (typeof ROUNDING_POLICIES)[number];

/** HALF_UP / HALF_DOWN / UP / DOWN are symmetric around zero (away from / towards zero). */
const DECIMAL_JS_MODE: Readonly<Record<RoundingPolicy, Decimal.Rounding>> = {
  HALF_UP: Dec.ROUND_HALF_UP,
  HALF_EVEN: Dec.ROUND_HALF_EVEN,
  HALF_DOWN: Dec.ROUND_HALF_DOWN,
  UP: Dec.ROUND_UP,
  DOWN: Dec.ROUND_DOWN,
};

/** Rounds an exact amount to the minor unit of `currency` by `policy`, as integer minor units. */
export function toMinorUnits(
  amount: Decimal.Value,
  currency: CurrencyCode,
  policy: RoundingPolicy,
): bigint {
  const digits = minorUnitDigits(currency);
  const scaled = new Dec(amount).times(new Dec(10).pow(digits));
  const rounded = scaled.toDecimalPlaces(0, DECIMAL_JS_MODE[policy]);
  return BigInt(rounded.toFixed(0));
}

/** Integer minor units back to an exact decimal amount in major units. */
export function fromMinorUnits(minor: bigint, currency: CurrencyCode): Decimal {
  const digits = minorUnitDigits(currency);
  return new Dec(minor.toString()).dividedBy(new Dec(10).pow(digits));
}

/** Minor units as a major-unit decimal string with exactly the currency's digits ("12.30"). */
export function formatMinorUnits(minor: bigint, currency: CurrencyCode): string {
  return fromMinorUnits(minor, currency).toFixed(minorUnitDigits(currency));
}
