export { Dec, ZERO, ONE, decimalString, type Decimal } from './decimal.js';
export {
  addToRunningSum,
  decimalOf,
  fitsPrecision,
  normalisedScaled,
  plusScaled,
  pow10,
  scaledOf,
  timesScaled,
  type RunningSum,
  type Scaled,
} from './scaled.js';
export {
  isKnownCurrency,
  minorUnitDigits,
  knownCurrencies,
  type CurrencyCode,
} from './currency.js';
export {
  ROUNDING_POLICIES,
  isRoundingPolicy,
  toMinorUnits,
  fromMinorUnits,
  formatMinorUnits,
  type RoundingPolicy,
} from './rounding.js';
export {
  money,
  addMoney,
  subtractMoney,
  multiplyMoney,
  moneyToMinorUnits,
  moneyToString,
  type Money,
} from './money.js';
