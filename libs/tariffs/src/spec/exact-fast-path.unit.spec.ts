/**
 * The scaled-integer fast paths (amounts, totals, step_size sums) against plain decimal.js
 * arithmetic, value for value and digit for digit (fast-check, fixed seeds).
 */
import fc from 'fast-check';
import { Dec, ZERO, type Decimal } from '#money';
import { amountOf, exactPricing, plainAmountOf, vatRule } from '../amounts.js';
import { compileTariff, type Candidate } from '../compiled-tariff.js';
import { LocalClock } from '../local-clock.js';
import type { PriceComponent, TaxIncluded } from '../model.js';
import { parsePricingCdr, parseTariff } from '../index.js';
import { resolvePolicies } from '../policies.js';
import {
  collectPricedQuantities,
  describePeriods,
  withVolume,
  type PricedQuantity,
} from '../priced-quantities.js';
import type { BreakdownEntry } from '../price-result.js';
import { hoursOf } from '../price-cdr.js';
import { applyStepSizes } from '../step-size.js';
import { exactTotals, sumByKind } from '../totals.js';
import { ZONES, cdrArbitrary, tariffArbitrary } from '../test-support/arbitraries.js';

const RUNS = { seed: 20261125, numRuns: 400 };

/** Decimal.js's representation, recursively: equal means the same digits, exponent and sign. */
function fields(value: unknown): unknown {
  if (Dec.isDecimal(value)) {
    const decimal = value as Decimal;
    return { s: decimal.s, e: decimal.e, d: decimal.d };
  }
  if (Array.isArray(value)) {
    return value.map(fields);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fields(v)]));
  }
  return value;
}

/** step_size as decimal.js computed it before the fast path: the reference. */
function plainStepSizes(quantities: readonly PricedQuantity[]): PricedQuantity[] {
  const billed = quantities.slice();
  const roundUp = (context: string, dimension: string, unitsPerVolume: number) => {
    let total = ZERO;
    let lastIndex = -1;
    billed.forEach((q, index) => {
      const inContext =
        context === 'CHARGING' ? q.context === 'CHARGING' : q.context !== 'CHARGING';
      if (inContext && q.dimension === dimension) {
        total = total.plus(q.volume);
        lastIndex = index;
      }
    });
    const last = billed[lastIndex];
    if (last === undefined || last.candidate.component.step_size <= 0 || !total.isPositive()) {
      return;
    }
    const step = new Dec(last.candidate.component.step_size);
    const units = total.times(unitsPerVolume);
    const whole = units.dividedToIntegerBy(step).times(step);
    const billedUnits = whole.lt(units) ? whole.plus(step) : whole;
    const surplus = billedUnits.minus(units).dividedBy(unitsPerVolume);
    const sum = last.billed_volume.plus(surplus);
    billed[lastIndex] = withVolume(last, last.end_ms, last.volume, sum);
  };
  roundUp('CHARGING', 'ENERGY', 1000);
  const times = billed.filter(
    (q) => q.context === 'CHARGING' && (q.dimension === 'TIME' || q.dimension === 'PARKING_TIME'),
  );
  const lastTime = times.reduce<PricedQuantity | undefined>(
    (last, q) =>
      last === undefined ||
      q.end_ms > last.end_ms ||
      (q.end_ms === last.end_ms && (q.dimension === 'PARKING_TIME' || last.dimension === 'TIME'))
        ? q
        : last,
    undefined,
  );
  if (lastTime !== undefined) {
    roundUp('CHARGING', lastTime.dimension, 3600);
  }
  roundUp('RESERVATION', 'RESERVATION_TIME', 3600);
  return billed;
}

function checkAgainstPlain(quantities: readonly PricedQuantity[]): void {
  const billed = applyStepSizes(quantities);
  expect(fields(billed.map((q) => q.billed_volume))).toEqual(
    fields(plainStepSizes(quantities).map((q) => q.billed_volume)),
  );
  const amounts = billed.map(amountOf);
  expect(fields(amounts.map((a) => a.amount))).toEqual(fields(billed.map(plainAmountOf)));
  const breakdown = billed.map((q, k) => ({
    context: q.context,
    dimension: q.dimension,
    amount: amounts[k]?.amount,
  })) as unknown as BreakdownEntry[];
  const exact = exactTotals(breakdown, amounts);
  if (exact !== undefined) {
    expect(fields(exact)).toEqual(fields(sumByKind(breakdown)));
  }
}

/** Short decimals (OCPI prices, meter readings) and long ones (pro rata shares). */
const decimalArbitrary = (min: bigint) =>
  fc.oneof(
    fc
      .record({ units: fc.bigInt({ min, max: 10n ** 7n }), scale: fc.integer({ min: 0, max: 6 }) })
      .map(({ units, scale }) => new Dec(`${units}e-${scale}`)),
    fc
      .record({
        units: fc.bigInt({ min, max: 10n ** 30n }),
        scale: fc.integer({ min: 0, max: 40 }),
      })
      .map(({ units, scale }) => new Dec(`${units}e-${scale}`)),
    fc
      .tuple(fc.integer({ min: 1, max: 10 ** 7 }), fc.integer({ min: 1, max: 10 ** 7 }))
      .map(([a, b]) => new Dec(a).dividedBy(b)),
  );

const taxIncludedArbitrary = fc.constantFrom<TaxIncluded | undefined>(
  undefined,
  'NO',
  'YES',
  'N/A',
);
const dimensionArbitrary = fc.constantFrom(
  'FLAT',
  'ENERGY',
  'TIME',
  'PARKING_TIME',
  'RESERVATION_TIME',
) as fc.Arbitrary<PricedQuantity['dimension']>;

const quantityArbitrary = fc
  .record({
    price: decimalArbitrary(-(10n ** 3n)),
    vat: fc.option(decimalArbitrary(0n), { nil: undefined }),
    step_size: fc.constantFrom(0, 1, 60, 300),
    tax_included: taxIncludedArbitrary,
    dimension: dimensionArbitrary,
    volume: decimalArbitrary(-(10n ** 2n)),
    end_ms: fc.integer({ min: 0, max: 10 }),
  })
  .map((g): PricedQuantity => {
    const type = g.dimension === 'RESERVATION_TIME' ? 'TIME' : g.dimension;
    const component: PriceComponent = {
      type,
      price: g.price,
      step_size: g.step_size,
      vat: g.vat,
    };
    const vat_rule = vatRule(component, g.tax_included);
    const candidate: Candidate = {
      element_index: 0,
      component_index: 0,
      component,
      vat_rule,
      exact: exactPricing(component, vat_rule),
    };
    const volume = g.dimension === 'FLAT' ? new Dec(1) : g.volume;
    return {
      period_index: 0,
      start_ms: 0,
      end_ms: g.end_ms,
      context: g.dimension === 'RESERVATION_TIME' ? 'RESERVATION' : 'CHARGING',
      dimension: g.dimension,
      candidate,
      volume,
      billed_volume: volume,
    };
  });

describe('exact fast paths equal plain decimal.js', () => {
  it('for priced CDRs', () => {
    fc.assert(
      fc.property(
        tariffArbitrary(),
        cdrArbitrary,
        fc.constantFrom(...ZONES),
        (tariffJson, cdrJson, zone) => {
          const cdr = parsePricingCdr(cdrJson);
          const periods = describePeriods(cdr);
          const clock = LocalClock.of(zone) as LocalClock;
          const compiled = compileTariff(parseTariff(tariffJson));
          const policies = resolvePolicies(undefined);
          checkAgainstPlain(
            collectPricedQuantities(periods, compiled, clock, policies, cdr.start_ms),
          );
        },
      ),
      RUNS,
    );
  });

  it('for wide and long decimals, negative prices and volumes, every VAT rule', () => {
    fc.assert(
      fc.property(fc.array(quantityArbitrary, { minLength: 0, maxLength: 12 }), (quantities) => {
        checkAgainstPlain(quantities);
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('for the energy consumed before each period', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(decimalArbitrary(-(10n ** 7n)), { nil: undefined }), { maxLength: 12 }),
        (energies) => {
          const charging_periods = energies.map((volume, k) => ({
            start_date_time: '',
            start_ms: k,
            dimensions:
              volume === undefined
                ? [{ type: 'TIME' as const, volume: new Dec(1), volume_number: 1 }]
                : [{ type: 'ENERGY' as const, volume, volume_number: volume.toNumber() }],
          }));
          const cdr = { start_date_time: '', end_date_time: '', start_ms: 0, end_ms: 99 };
          const periods = describePeriods({ ...cdr, charging_periods });
          let plain = ZERO;
          energies.forEach((volume, k) => {
            expect(fields(periods[k]?.kwh_before)).toEqual(fields(plain));
            plain = volume === undefined ? plain : plain.plus(volume);
          });
        },
      ),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('for milliseconds as hours', () => {
    const hour_ms = new Dec(3_600_000);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 366 * 24 * 3_600_000 }),
          fc.integer({ min: 0, max: 40_000_000 }).map((k) => k * 9),
        ),
        (ms) => {
          expect(fields(hoursOf(ms))).toEqual(fields(new Dec(ms).dividedBy(hour_ms)));
        },
      ),
      { ...RUNS, numRuns: 5000 },
    );
  });
});
