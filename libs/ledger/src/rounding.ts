/**
 * Rounding policies and the one conversion from an exact decimal amount to posted integer minor
 * units live in libs/money; the ledger re-exports them so its callers import from one place.
 * The OCPI specification defines no rounding; the agreement names its policy (default HALF_UP:
 * to nearest, ties away from zero, 0.125 -> 0.13) and every posting records the agreement
 * version, so an auditor can reproduce each figure. Policies: HALF_UP, HALF_EVEN (banker's),
 * HALF_DOWN, UP (away from zero), DOWN (towards zero).
 */
export {
  Dec as LedgerDecimal,
  decimalString,
  formatMinorUnits,
  ROUNDING_POLICIES,
  type RoundingPolicy,
  toMinorUnits,
} from '#money';

/** A plain decimal string: optional minus, digits, optional fraction (no exponent, no plus). */
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && DECIMAL_PATTERN.test(value);
}
