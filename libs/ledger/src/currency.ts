/**
 * Currencies the ledger settles in: the ISO 4217 codes libs/money knows the minor unit of
 * (an unknown code is refused rather than guessed).
 */
export { isKnownCurrency as isCurrencyCode, minorUnitDigits } from '#money';
