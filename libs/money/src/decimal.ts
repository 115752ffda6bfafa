/**
 * The one decimal.js configuration for money and quantities. 50 significant digits are far more
 * than any tariff price times any measured volume needs, so arithmetic on realistic inputs is
 * exact; exponent notation is switched off so that `toString()` never prints `1e-7`.
 */
import { Decimal } from 'decimal.js';

export const Dec = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

export type { Decimal };

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** Plain decimal notation, never an exponent, trailing zeros removed ("2.50" -> "2.5"). */
export function decimalString(value: Decimal): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}
