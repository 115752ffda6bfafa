import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { CdrReceivedData } from '#cdrs';
import { supplyDateOf } from './vat-shares.js';

/** Only what supplyDateOf reads of a received CDR. */
function received(end: string | null, start: string, time_zone?: string): CdrReceivedData {
  return {
    cdr: { start_date_time: start, ...(end === null ? {} : { end_date_time: end }) },
    ...(time_zone === undefined ? {} : { context: { time_zone } }),
  } as unknown as CdrReceivedData;
}

/** What the supply date was before offsets were cached: luxon, for every instant. */
function luxonDate(at: string, zone: string): string | null {
  const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone);
  return local.isValid ? local.toISODate() : null;
}

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe', // a 30-minute DST shift, at half past a UTC hour
  'Pacific/Chatham',
  'America/St_Johns',
  'Africa/Monrovia',
  'Asia/Tehran', // until 2022: back from +04:30 to +03:30 at local midnight, 19:30 UTC
  'Not/AZone',
];

describe('supply date (local date of the session end, offsets cached per zone and hour)', () => {
  it('equals luxon for any instant and zone, DST changes and odd offsets included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1960-01-01'), max: Date.parse('2040-01-01') }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('Z', '+02:00', '-05:30'),
        (ms, zone, suffix) => {
          const at = DateTime.fromMillis(ms, { zone: suffix === 'Z' ? 'utc' : `UTC${suffix}` })
            .toISO({ suppressMilliseconds: false })!
            .replace('+00:00', 'Z');
          expect(supplyDateOf(received(at, '2020-01-01T00:00:00Z', zone))).toBe(
            luxonDate(at, zone),
          );
        },
      ),
      { seed: 20261203, numRuns: 5000 },
    );
  });

  it('at the edges of the hours where offsets change, and without a zone or an end', () => {
    const instants = [
      '2025-03-30T00:59:59.999Z',
      '2025-03-30T01:00:00.000Z',
      '2025-10-26T00:59:59.999Z',
      '2025-10-26T01:00:00.000Z',
      '2025-04-05T14:59:59.999Z',
      '2025-04-05T15:00:00.000Z',
      '2025-04-05T15:30:00.000Z',
      '2025-10-04T15:29:59.999Z',
      '2025-10-04T15:30:00.000Z',
      '2025-12-31T23:30:00-01:00',
      '2021-09-21T19:15:00Z',
      '2021-09-21T19:45:00Z',
      'not a date',
    ];
    for (const at of instants) {
      for (const zone of ZONES) {
        expect(supplyDateOf(received(at, at, zone))).toBe(luxonDate(at, zone));
      }
    }
    expect(supplyDateOf(received(null, '2025-06-30T23:30:00Z'))).toBe('2025-06-30');
    expect(supplyDateOf(received(null, '2025-06-30T23:30:00Z', 'Europe/Berlin'))).toBe(
      '2025-07-01',
    );
  });
});
