/** fast-check generators of OCPI tariffs and CDRs (as parsed JSON) for property tests. */
import fc from 'fast-check';

export const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'];

const decimal = (maxCents: number) =>
  fc.integer({ min: 0, max: maxCents }).map((cents) => (cents / 100).toFixed(2));
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const restrictions = fc.record(
  {
    start_time: hhmm,
    end_time: hhmm,
    day_of_week: fc.subarray(['MONDAY', 'TUESDAY', 'SATURDAY', 'SUNDAY'], { minLength: 1 }),
    min_kwh: fc.integer({ min: 0, max: 30 }),
    max_kwh: fc.integer({ min: 5, max: 60 }),
    max_power: fc.integer({ min: 10, max: 150 }),
    min_power: fc.integer({ min: 0, max: 50 }),
    min_duration: fc.integer({ min: 0, max: 7200 }),
    max_duration: fc.integer({ min: 600, max: 14400 }),
  },
  { requiredKeys: [] },
);

const component = (stepSizes: readonly number[]) =>
  fc.record(
    {
      type: fc.constantFrom('ENERGY', 'FLAT', 'TIME', 'PARKING_TIME'),
      price: decimal(500),
      vat: fc.constantFrom(0, 5.5, 10, 19, 20, 21),
      step_size: fc.constantFrom(...stepSizes),
    },
    { requiredKeys: ['type', 'price', 'step_size'] },
  );

export function tariffArbitrary(stepSizes: readonly number[] = [0, 1, 60, 300, 900]) {
  const element = fc.record(
    {
      price_components: fc.array(component(stepSizes), { minLength: 1, maxLength: 3 }),
      restrictions,
    },
    { requiredKeys: ['price_components'] },
  );
  return fc.record({
    currency: fc.constant('EUR'),
    elements: fc.array(element, { minLength: 1, maxLength: 4 }),
  });
}

export interface GeneratedPeriod {
  readonly minutes: number;
  readonly energy: number;
  readonly parking: boolean;
  readonly max_power: number;
}

const period = fc.record({
  minutes: fc.integer({ min: 1, max: 240 }),
  energy: fc.integer({ min: 0, max: 40_000 }),
  parking: fc.boolean(),
  max_power: fc.integer({ min: 1, max: 200 }),
});

/** 2024 in seconds, so that sessions meet DST changes, weekdays and midnights. */
const start = fc.integer({ min: 1_704_067_200, max: 1_735_603_200 }).map((s) => s * 1000);

export const cdrArbitrary = fc
  .tuple(start, fc.array(period, { minLength: 1, maxLength: 6 }))
  .map(([start_ms, periods]) => buildCdr(start_ms, periods));

const iso = (ms: number) => new Date(ms).toISOString();

export function buildCdr(start_ms: number, periods: readonly GeneratedPeriod[]) {
  let at = start_ms;
  const charging_periods = periods.map((p) => {
    const result = { start_date_time: iso(at), dimensions: dimensionsOf(p) };
    at += p.minutes * 60_000;
    return result;
  });
  return { start_date_time: iso(start_ms), end_date_time: iso(at), charging_periods };
}

export function dimensionsOf(p: GeneratedPeriod) {
  const hours = (p.minutes / 60).toString();
  if (p.parking) {
    return [{ type: 'PARKING_TIME', volume: hours }];
  }
  return [
    { type: 'ENERGY', volume: (p.energy / 1000).toString() },
    { type: 'TIME', volume: hours },
    { type: 'MAX_POWER', volume: p.max_power },
  ];
}
