/**
 * `npm run bench -- pricing [--seconds N] [--repetitions N]`: CDRs priced per second on one core
 * for (a) a one-element tariff and (b) a realistic complex tariff (5 elements with time, power and
 * duration restrictions; 12 charging periods crossing a time-of-day boundary, Europe/Berlin),
 * with JSON.parse of the same inputs as the yardstick. Medians of several repetitions; progress
 * on stderr; the LAST stdout line is one JSON object.
 */
import {
  parsePricingCdr,
  parseTariff,
  priceCdr,
  toPriceJson,
  type PricingCdr,
  type Tariff,
} from '#tariffs';

const simpleTariffJson = JSON.stringify({
  country_code: 'DE',
  party_id: 'ABC',
  id: 'simple',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] }],
  last_updated: '2024-01-01T00:00:00Z',
});

export const complexTariffJson = JSON.stringify({
  country_code: 'DE',
  party_id: 'ABC',
  id: 'complex',
  currency: 'EUR',
  min_price: { excl_vat: 1, incl_vat: 1.19 },
  max_price: { excl_vat: 80, incl_vat: 95.2 },
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    {
      price_components: [
        { type: 'ENERGY', price: 0.29, vat: 19, step_size: 1 },
        { type: 'TIME', price: 0, vat: 19, step_size: 60 },
      ],
      restrictions: { start_time: '22:00', end_time: '06:00', max_power: 50 },
    },
    {
      price_components: [{ type: 'ENERGY', price: 0.59, vat: 19, step_size: 1 }],
      restrictions: { min_power: 50 },
    },
    {
      price_components: [
        { type: 'ENERGY', price: 0.45, vat: 19, step_size: 1 },
        { type: 'TIME', price: 1.2, vat: 19, step_size: 60 },
      ],
      restrictions: {
        max_duration: 10800,
        day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
      },
    },
    {
      price_components: [
        { type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 },
        { type: 'TIME', price: 2.4, vat: 19, step_size: 60 },
        { type: 'PARKING_TIME', price: 6, vat: 19, step_size: 300 },
      ],
    },
  ],
  last_updated: '2024-01-01T00:00:00Z',
});

export function complexCdrJson(): string {
  const start = Date.UTC(2024, 2, 28, 19, 0, 0); // Thursday 20:00 in Berlin
  const charging_periods = Array.from({ length: 12 }, (_, i) => {
    const parking = i >= 10;
    const dimensions = parking
      ? [{ type: 'PARKING_TIME', volume: 0.25 }]
      : [
          { type: 'ENERGY', volume: 3.125 + i / 8 },
          { type: 'TIME', volume: 0.25 },
          { type: 'MAX_POWER', volume: i % 3 === 0 ? 60 : 22 },
          { type: 'MIN_POWER', volume: i % 3 === 0 ? 50 : 11 },
          { type: 'MAX_CURRENT', volume: 32 },
        ];
    return { start_date_time: new Date(start + i * 900_000).toISOString(), dimensions };
  });
  return JSON.stringify({
    id: 'CDR-BENCH',
    start_date_time: new Date(start).toISOString(),
    end_date_time: new Date(start + 12 * 900_000).toISOString(),
    charging_periods,
  });
}

const simpleCdrJson = JSON.stringify({
  id: 'CDR-SIMPLE',
  start_date_time: '2024-03-28T10:00:00Z',
  end_date_time: '2024-03-28T11:00:00Z',
  charging_periods: [
    { start_date_time: '2024-03-28T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 22.5 }] },
  ],
});

interface Case {
  readonly tariff: Tariff;
  readonly cdr: PricingCdr;
  readonly time_zone: string;
}

/** Operations per second of `fn`, measured over about `seconds`. */
function measure(fn: () => void, seconds: number): number {
  const batch = 200;
  for (let i = 0; i < batch * 5; i += 1) fn();
  const budget = BigInt(Math.round(seconds * 1e9));
  const begin = process.hrtime.bigint();
  let count = 0;
  while (process.hrtime.bigint() - begin < budget) {
    for (let i = 0; i < batch; i += 1) fn();
    count += batch;
  }
  const elapsed = Number(process.hrtime.bigint() - begin) / 1e9;
  return count / elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index >= 0 ? Number(args[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function run(args: string[]): Promise<void> {
  const seconds = option(args, '--seconds', 1);
  const repetitions = option(args, '--repetitions', 5);
  const simple: Case = {
    tariff: parseTariff(JSON.parse(simpleTariffJson)),
    cdr: parsePricingCdr(JSON.parse(simpleCdrJson)),
    time_zone: 'Europe/Berlin',
  };
  const cdrText = complexCdrJson();
  const complex: Case = {
    tariff: parseTariff(JSON.parse(complexTariffJson)),
    cdr: parsePricingCdr(JSON.parse(cdrText)),
    time_zone: 'Europe/Berlin',
  };
  const sample = toPriceJson(priceCdr(complex));
  process.stderr.write(
    `complex sample: total ${JSON.stringify(sample.total_cost)}, ${sample.breakdown.length} breakdown entries\n`,
  );
  const results = {
    simple: [] as number[],
    complex: [] as number[],
    parse: [] as number[],
    full: [] as number[],
  };
  for (let r = 1; r <= repetitions; r += 1) {
    results.simple.push(measure(() => priceCdr(simple), seconds));
    results.complex.push(measure(() => priceCdr(complex), seconds));
    results.parse.push(
      measure(() => JSON.parse(complexTariffJson) && JSON.parse(cdrText), seconds),
    );
    results.full.push(
      measure(() => {
        const tariff = parseTariff(JSON.parse(complexTariffJson));
        const cdr = parsePricingCdr(JSON.parse(cdrText));
        toPriceJson(priceCdr({ tariff, cdr, time_zone: 'Europe/Berlin' }));
      }, seconds),
    );
    process.stderr.write(
      `repetition ${r}/${repetitions}: simple ${Math.round(results.simple.at(-1) ?? 0)}/s, ` +
        `complex ${Math.round(results.complex.at(-1) ?? 0)}/s, ` +
        `JSON.parse ${Math.round(results.parse.at(-1) ?? 0)}/s, ` +
        `parse+price+json ${Math.round(results.full.at(-1) ?? 0)}/s\n`,
    );
  }
  const complexPerS = median(results.complex);
  const parsePerS = median(results.parse);
  const summary = {
    simple_cdrs_per_s: Math.round(median(results.simple)),
    complex_cdrs_per_s: Math.round(complexPerS),
    complex_cost_vs_json_parse: Number((parsePerS / complexPerS).toFixed(3)),
    json_parse_per_s: Math.round(parsePerS),
    complex_parse_price_json_per_s: Math.round(median(results.full)),
    complex_periods: complex.cdr.charging_periods.length,
    complex_elements: complex.tariff.elements.length,
    repetitions,
    seconds_per_measurement: seconds,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
