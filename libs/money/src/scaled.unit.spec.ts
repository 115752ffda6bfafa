/** Scaled integers against decimal.js (fast-check, fixed seed so that failures reproduce). */
import fc from 'fast-check';
import {
  Dec,
  decimalOf,
  fitsPrecision,
  plusScaled,
  scaledOf,
  timesScaled,
  type Decimal,
  type Scaled,
} from './index.js';

const RUNS = { seed: 20261125, numRuns: 2000 };

/** decimal.js's own representation: sign, exponent and base 10^7 words. */
function fields(value: Decimal) {
  return { s: value.s, e: value.e, d: value.d };
}

function parsed(value: Scaled): Decimal {
  return new Dec(`${value.units}e-${value.scale}`);
}

/** Short decimals (prices, meter readings) and long ones (pro rata shares, 60 digits). */
const unitsArbitrary = fc.oneof(
  fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
  fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
  fc.constantFrom(
    0n,
    1n,
    -1n,
    10_000_000n,
    9_999_999n,
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    8_999_999_999_999_999n,
    899_999_999n * 10_000_000n - 1n,
  ),
);
const scaledArbitrary = fc.record({
  units: unitsArbitrary,
  scale: fc.integer({ min: 0, max: 70 }),
});

describe('scaled decimals', () => {
  it('decimalOf builds exactly the Decimal that decimal.js parses', () => {
    fc.assert(
      fc.property(scaledArbitrary, (value) => {
        const built = decimalOf(value);
        const expected = parsed(value);
        expect(fields(built)).toEqual(fields(expected));
        expect(built).toEqual(expected);
        expect(built).toBeInstanceOf(Dec);
        expect(Dec.isDecimal(built)).toBe(true);
        expect(built.toFixed()).toBe(expected.toFixed());
        expect(built.plus(1).times(3).eq(expected.plus(1).times(3))).toBe(true);
      }),
      RUNS,
    );
  });

  it('scaledOf is the exact value of a Decimal (round trip)', () => {
    fc.assert(
      fc.property(scaledArbitrary, fc.integer({ min: -30, max: 30 }), (value, shift) => {
        const decimal = parsed(value).times(new Dec(10).pow(shift));
        const exact = scaledOf(decimal);
        if (decimal.isZero() && decimal.isNegative()) {
          expect(exact).toBeUndefined();
          return;
        }
        expect(exact).toBeDefined();
        expect(fields(decimalOf(exact as Scaled))).toEqual(fields(decimal));
      }),
      RUNS,
    );
  });

  it('products and sums that fit the precision equal decimal.js results', () => {
    fc.assert(
      fc.property(scaledArbitrary, scaledArbitrary, (a, b) => {
        const product = timesScaled(a, b);
        const expected = parsed(a).times(parsed(b));
        if (product.units === 0n) {
          // decimal.js signs a zero product (0 * -2 = -0): callers multiply non-negative values.
          expect(expected.isZero()).toBe(true);
        } else if (fitsPrecision(product)) {
          expect(fields(decimalOf(product))).toEqual(fields(expected));
        }
        const sum = plusScaled(a, b);
        if (fitsPrecision(sum)) {
          expect(fields(decimalOf(sum))).toEqual(fields(parsed(a).plus(parsed(b))));
        }
      }),
      RUNS,
    );
  });

  it('refuses what is not a finite value and keeps -0 to decimal.js', () => {
    expect(scaledOf(new Dec(Number.NaN))).toBeUndefined();
    expect(scaledOf(new Dec(Number.POSITIVE_INFINITY))).toBeUndefined();
    expect(scaledOf(new Dec('-0'))).toBeUndefined();
    expect(scaledOf(new Dec('0'))).toEqual({ units: 0n, scale: 0 });
    expect(fitsPrecision({ units: 10n ** 50n - 1n, scale: 3 })).toBe(true);
    expect(fitsPrecision({ units: -(10n ** 50n), scale: 3 })).toBe(false);
  });
});
