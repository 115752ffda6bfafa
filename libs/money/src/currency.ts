/**
 * ISO 4217 currencies and their minor units (number of decimals of the minor unit). Only the
 * currencies a European / North American roaming ledger meets are listed; an unknown code is an
 * explicit error rather than a silent guess.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  AUD: 2,
  BGN: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PLN: 2,
  RON: 2,
  RSD: 2,
  SEK: 2,
  SGD: 2,
  TND: 3,
  TRY: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  ZAR: 2,
};

export type CurrencyCode = string;

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

/** Decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3); throws for an unknown code. */
export function minorUnitDigits(code: CurrencyCode): number {
  if (!isKnownCurrency(code)) {
    throw new RangeError(`unknown ISO 4217 currency: ${code}`);
  }
  return MINOR_UNITS[code] as number;
}
