import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePricingCdr, parseTariff, periodsSpanningPriceBoundaries } from './index.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'ocpi-examples');
const tariff = parseTariff(
  JSON.parse(readFileSync(join(examples, 'tariff_4_complex.json'), 'utf8')) as unknown,
);

function parking(start: string, end: string, hours: number) {
  return parsePricingCdr({
    start_date_time: start,
    end_date_time: end,
    charging_periods: [
      { start_date_time: start, dimensions: [{ type: 'PARKING_TIME', volume: hours }] },
    ],
  });
}

describe('periodsSpanningPriceBoundaries', () => {
  it('names a period that crosses the start of a priced time window', () => {
    const cdr = parking('2024-06-15T07:00:00Z', '2024-06-15T09:00:00Z', 2);
    expect(periodsSpanningPriceBoundaries({ tariff, cdr, time_zone: 'Europe/Berlin' })).toEqual([
      0,
    ]);
  });

  it('names none when the period lies inside one window', () => {
    const cdr = parking('2024-06-15T09:00:00Z', '2024-06-15T10:00:00Z', 1);
    expect(periodsSpanningPriceBoundaries({ tariff, cdr, time_zone: 'Europe/Berlin' })).toEqual([]);
  });
});
