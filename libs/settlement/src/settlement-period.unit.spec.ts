import { DateTime } from 'luxon';
import { utcDateOf } from './settlement-period.js';

describe('utcDateOf: the UTC calendar date of an instant', () => {
  it('given UTC instants and instants with offsets, then the date luxon gives', () => {
    const instants = [
      '2026-01-09T10:00:00Z',
      '2026-01-09T23:59:59.999Z',
      '2026-01-09T00:00Z',
      '2026-12-31T23:59:59.123456789Z',
      '2026-01-10T00:30:00+01:00',
      '2026-01-09T23:30:00-02:00',
      '2024-02-29T12:00:00Z',
    ];
    for (const instant of instants) {
      const expected = DateTime.fromISO(instant, { zone: 'utc' }).toISODate();
      expect([instant, utcDateOf(instant)]).toEqual([instant, expected]);
    }
  });
});
