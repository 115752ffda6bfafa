import fc from 'fast-check';
import { civilFromDays, daysFromCivil, isoInstant } from '../civil-time.js';
import { parseDateTime } from '../json-reader.js';

describe('civil time arithmetic', () => {
  it('agrees with Date for instants from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }), (ms) => {
        const date = new Date(ms);
        expect(isoInstant(ms)).toBe(date.toISOString().replace('.000Z', 'Z'));
        const days = Math.floor(ms / 86_400_000);
        const civil = civilFromDays(days);
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        expect(parseDateTime(date.toISOString())).toBe(ms);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('parses offsets and rejects impossible dates', () => {
    expect(parseDateTime('2024-03-31T03:00:00+02:00')).toBe(Date.UTC(2024, 2, 31, 1));
    expect(parseDateTime('2024-03-31T01:00:00')).toBe(Date.UTC(2024, 2, 31, 1));
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDateTime('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2024-04-31T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2024-04-30T24:00:00Z')).toBeUndefined();
  });
});
