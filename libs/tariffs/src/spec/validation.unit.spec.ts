/** Every validation error names the offending field by its JSON path and says why. */
import {
  PricingInputError,
  parsePricingCdr,
  parseTariff,
  priceCdr,
  type InputIssue,
} from '../index.js';

const goodTariff = {
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] }],
};
const goodCdr = {
  start_date_time: '2024-06-10T10:00:00Z',
  end_date_time: '2024-06-10T11:00:00Z',
  charging_periods: [
    { start_date_time: '2024-06-10T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
  ],
};

function issuesOf(parse: () => unknown): InputIssue[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof PricingInputError) {
      return [...error.issues];
    }
    throw error;
  }
  throw new Error('expected a PricingInputError');
}

function withTariff(patch: (t: Record<string, unknown>) => void) {
  const tariff = structuredClone(goodTariff) as unknown as Record<string, unknown>;
  patch(tariff);
  return issuesOf(() => parseTariff(tariff));
}

function withCdr(patch: (c: Record<string, unknown>) => void) {
  const cdr = structuredClone(goodCdr) as unknown as Record<string, unknown>;
  patch(cdr);
  return issuesOf(() => parsePricingCdr(cdr));
}

const component = (t: Record<string, unknown>) =>
  (t['elements'] as { price_components: Record<string, unknown>[] }[])[0]!.price_components[0]!;
const restrictions = (t: Record<string, unknown>, r: object) => {
  (t['elements'] as Record<string, unknown>[])[0]!['restrictions'] = r;
};
const period = (c: Record<string, unknown>) =>
  (c['charging_periods'] as Record<string, unknown>[])[0]!;

describe('tariff validation', () => {
  it.each([
    ['not an object', () => issuesOf(() => parseTariff([])), '$', 'must be a JSON object'],
    [
      'missing currency',
      () => withTariff((t) => delete t['currency']),
      '$.currency',
      'is required',
    ],
    ['bad currency', () => withTariff((t) => (t['currency'] = 'euro')), '$.currency', 'ISO 4217'],
    ['no elements', () => withTariff((t) => (t['elements'] = [])), '$.elements', 'at least 1'],
    [
      'non-numeric price',
      () => withTariff((t) => (component(t)['price'] = 'abc')),
      '$.elements[0].price_components[0].price',
      'must be a decimal number',
    ],
    [
      'unknown dimension type',
      () => withTariff((t) => (component(t)['type'] = 'KWH')),
      '$.elements[0].price_components[0].type',
      'must be one of ENERGY, FLAT, PARKING_TIME, TIME',
    ],
    [
      'fractional step_size',
      () => withTariff((t) => (component(t)['step_size'] = 1.5)),
      '$.elements[0].price_components[0].step_size',
      'must be an integer',
    ],
    [
      'negative vat',
      () => withTariff((t) => (component(t)['vat'] = -1)),
      '$.elements[0].price_components[0].vat',
      'must not be negative',
    ],
    [
      'bad start_time',
      () => withTariff((t) => restrictions(t, { start_time: '24:00' })),
      '$.elements[0].restrictions.start_time',
      'HH:MM',
    ],
    [
      'bad end_date',
      () => withTariff((t) => restrictions(t, { end_date: '2024-13-01' })),
      '$.elements[0].restrictions.end_date',
      'YYYY-MM-DD',
    ],
    [
      'end_date not in the calendar',
      () => withTariff((t) => restrictions(t, { end_date: '2026-02-30' })),
      '$.elements[0].restrictions.end_date',
      'must be a date that exists',
    ],
    [
      'bad day_of_week',
      () => withTariff((t) => restrictions(t, { day_of_week: ['MONDAY', 'FUNDAY'] })),
      '$.elements[0].restrictions.day_of_week[1]',
      'must be one of MONDAY',
    ],
    [
      'bad reservation',
      () => withTariff((t) => restrictions(t, { reservation: 'YES' })),
      '$.elements[0].restrictions.reservation',
      'RESERVATION_EXPIRES',
    ],
    [
      'negative max_duration',
      () => withTariff((t) => restrictions(t, { max_duration: -5 })),
      '$.elements[0].restrictions.max_duration',
      'at least 0',
    ],
    [
      'bad min_price',
      () => withTariff((t) => (t['min_price'] = { excl_vat: 'x' })),
      '$.min_price.excl_vat',
      'must be a decimal number',
    ],
    [
      'bad tax_included',
      () => withTariff((t) => (t['tax_included'] = 'MAYBE')),
      '$.tax_included',
      'must be one of YES, NO, N/A',
    ],
  ])('%s', (_name, run, path, reason) => {
    const issues = run();
    expect(issues).toContainEqual({ path, reason: expect.stringContaining(reason) });
  });

  it('reports every invalid field at once', () => {
    const issues = withTariff((t) => {
      component(t)['price'] = null;
      t['currency'] = 5;
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      '$.currency',
      '$.elements[0].price_components[0].price',
    ]);
  });
});

describe('CDR validation', () => {
  it.each([
    [
      'end before start',
      () => withCdr((c) => (c['end_date_time'] = '2024-06-10T09:00:00Z')),
      '$.end_date_time',
      'must not be before start_date_time',
    ],
    [
      'bad date-time',
      () => withCdr((c) => (c['start_date_time'] = '10/06/2024')),
      '$.start_date_time',
      'RFC 3339',
    ],
    [
      'no periods',
      () => withCdr((c) => (c['charging_periods'] = [])),
      '$.charging_periods',
      'at least 1',
    ],
    [
      'unknown dimension',
      () => withCdr((c) => (period(c)['dimensions'] = [{ type: 'FUEL', volume: 1 }])),
      '$.charging_periods[0].dimensions[0].type',
      'must be one of ENERGY',
    ],
    [
      'non-numeric volume',
      () => withCdr((c) => (period(c)['dimensions'] = [{ type: 'ENERGY', volume: 'ten' }])),
      '$.charging_periods[0].dimensions[0].volume',
      'must be a decimal number',
    ],
    [
      'negative time',
      () => withCdr((c) => (period(c)['dimensions'] = [{ type: 'TIME', volume: -1 }])),
      '$.charging_periods[0].dimensions[0].volume',
      'must not be negative',
    ],
    [
      'duplicate dimension',
      () =>
        withCdr(
          (c) =>
            (period(c)['dimensions'] = [
              { type: 'ENERGY', volume: 1 },
              { type: 'ENERGY', volume: 2 },
            ]),
        ),
      '$.charging_periods[0].dimensions[1].type',
      'appears twice',
    ],
    [
      'period before the session',
      () => withCdr((c) => (period(c)['start_date_time'] = '2024-06-10T09:00:00Z')),
      '$.charging_periods[0].start_date_time',
      'must not be before the CDR start_date_time',
    ],
    [
      'periods out of order',
      () =>
        withCdr((c) =>
          (c['charging_periods'] as unknown[]).push(
            { start_date_time: '2024-06-10T10:30:00Z', dimensions: [{ type: 'TIME', volume: 1 }] },
            { start_date_time: '2024-06-10T10:20:00Z', dimensions: [{ type: 'TIME', volume: 1 }] },
          ),
        ),
      '$.charging_periods[2].start_date_time',
      'chronological order',
    ],
  ])('%s', (_name, run, path, reason) => {
    expect(run()).toContainEqual({ path, reason: expect.stringContaining(reason) });
  });

  it('other CDR fields are optional and ignored', () => {
    expect(() => parsePricingCdr(goodCdr)).not.toThrow();
  });
});

describe('time zone', () => {
  it('an unknown IANA zone is an input error on time_zone', () => {
    const run = () =>
      priceCdr({
        tariff: parseTariff(goodTariff),
        cdr: parsePricingCdr(goodCdr),
        time_zone: 'Europe/Atlantis',
      });
    expect(issuesOf(run)).toEqual([
      { path: 'time_zone', reason: 'unknown IANA time zone "Europe/Atlantis"' },
    ]);
  });
});
