export { Dec, ZERO, ONE, decimalString, type Decimal } from './decimal.js';
export {
  addToRunningSum,
  decimalOf,
  fitsPrecision,
  normalisedScaled,
  plusExactly,
  plusScaled,
  pow10,
  scaledOf,
  timesScaled,
  type RunningSum,
  type Scaled,
} from './scaled.js';
export { isKnownCurrency, minorUnitDigits, type CurrencyCode } from './currency.js';
export {
  ROUNDING_POLICIES,
  toMinorUnits,
  fromMinorUnits,
  formatMinorUnits,
  type RoundingPolicy,
} from './rounding.js';
export { money, addMoney, moneyToMinorUnits, type Money } from './money.js';
