/** An exact amount in one currency. Arithmetic refuses to mix currencies. */
import { Dec, type Decimal } from './decimal.js';
import { minorUnitDigits, type CurrencyCode } from './currency.js';
import { toMinorUnits, type RoundingPolicy } from './rounding.js';

export interface Money {
  readonly currency: CurrencyCode;
  readonly amount: Decimal;
}

export function money(amount: Decimal.Value, currency: CurrencyCode): Money {
  minorUnitDigits(currency);
  return { currency, amount: new Dec(amount) };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { currency: a.currency, amount: a.amount.plus(b.amount) };
}
export function moneyToMinorUnits(value: Money, policy: RoundingPolicy): bigint {
  return toMinorUnits(value.amount, value.currency, policy);
}
