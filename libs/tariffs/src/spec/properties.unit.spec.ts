/** Property-based tests (fast-check, fixed seeds so that failures reproduce). */
import fc from 'fast-check';
import { Dec } from '#money';
import { parsePricingCdr, parseTariff, priceCdr, toPriceJson } from '../index.js';
import {
  ZONES,
  buildCdr,
  cdrArbitrary,
  dimensionsOf,
  tariffArbitrary,
} from '../test-support/arbitraries.js';

const RUNS = { seed: 20241125, numRuns: 300 };

function priced(tariff: unknown, cdr: unknown, time_zone: string) {
  return priceCdr({ tariff: parseTariff(tariff), cdr: parsePricingCdr(cdr), time_zone });
}

describe('pricing properties', () => {
  it('the total before limits is the sum of the breakdown amounts', () => {
    fc.assert(
      fc.property(
        tariffArbitrary(),
        cdrArbitrary,
        fc.constantFrom(...ZONES),
        (tariff, cdr, zone) => {
          const result = priced(tariff, cdr, zone);
          const sum = result.breakdown.reduce(
            (acc, e) => ({
              excl: acc.excl.plus(e.amount.excl_vat),
              incl: acc.incl.plus(e.amount.incl_vat),
            }),
            { excl: new Dec(0), incl: new Dec(0) },
          );
          expect(sum.excl.eq(result.total_cost_before_limits.excl_vat)).toBe(true);
          expect(sum.incl.eq(result.total_cost_before_limits.incl_vat)).toBe(true);
          expect(result.total_cost).toEqual(result.total_cost_before_limits);
        },
      ),
      RUNS,
    );
  });

  it('incl. VAT is never below excl. VAT for non-negative prices and VAT', () => {
    fc.assert(
      fc.property(
        tariffArbitrary(),
        cdrArbitrary,
        fc.constantFrom(...ZONES),
        (tariff, cdr, zone) => {
          const result = priced(tariff, cdr, zone);
          expect(result.total_cost.incl_vat.gte(result.total_cost.excl_vat)).toBe(true);
          for (const entry of result.breakdown) {
            expect(entry.amount.incl_vat.gte(entry.amount.excl_vat)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it('pricing does not depend on the order of JSON keys', () => {
    fc.assert(
      fc.property(
        tariffArbitrary(),
        cdrArbitrary,
        fc.constantFrom(...ZONES),
        fc.integer(),
        (tariff, cdr, zone, salt) => {
          const expected = toPriceJson(priced(tariff, cdr, zone));
          const actual = toPriceJson(
            priced(shuffleKeys(tariff, salt), shuffleKeys(cdr, salt), zone),
          );
          expect(actual).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it('splitting a period into two with the same conditions keeps the price (step_size 1)', () => {
    // No restrictions that could change inside the period: none at all, or power only.
    const tariff = tariffArbitrary([1]).map((t) => ({
      ...t,
      elements: t.elements.map((e) => ({
        price_components: e.price_components,
        ...(e.restrictions?.max_power === undefined
          ? {}
          : { restrictions: { max_power: e.restrictions.max_power } }),
      })),
    }));
    // Minutes in multiples of 3 so that the TIME volume in hours is an exact decimal.
    const period = fc.record({
      minutes: fc.integer({ min: 2, max: 80 }).map((k) => k * 3),
      energy: fc.integer({ min: 0, max: 40_000 }),
      parking: fc.boolean(),
      max_power: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(
        tariff,
        period,
        fc.integer({ min: 1_704_067_200, max: 1_735_603_200 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (tariff, p, startS, share) => {
          const whole = buildCdr(startS * 1000, [p]);
          const thirds = p.minutes / 3;
          const firstMinutes = 3 * Math.max(1, Math.min(thirds - 1, Math.round(thirds * share)));
          const firstEnergy = Math.round(p.energy * share);
          const split = buildCdr(startS * 1000, [
            { ...p, minutes: firstMinutes, energy: firstEnergy },
            { ...p, minutes: p.minutes - firstMinutes, energy: p.energy - firstEnergy },
          ]);
          const a = priced(tariff, whole, 'UTC');
          const b = priced(tariff, split, 'UTC');
          expect(b.total_cost.excl_vat.eq(a.total_cost.excl_vat)).toBe(true);
          expect(b.total_cost.incl_vat.eq(a.total_cost.incl_vat)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

/** Rebuilds objects with their keys in a pseudo-random order (arrays keep their order). */
function shuffleKeys(value: unknown, salt: number): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => shuffleKeys(item, salt));
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const entries = Object.entries(value);
  const keyed = entries.map(([k, v], i) => ({
    k,
    v,
    order: Math.imul(i + 1, salt | 1) ^ k.length,
  }));
  keyed.sort((x, y) => x.order - y.order);
  return Object.fromEntries(keyed.map(({ k, v }) => [k, shuffleKeys(v, salt)]));
}

// Keeps the helper used by the arbitraries visible to readers of this spec.
void dimensionsOf;
