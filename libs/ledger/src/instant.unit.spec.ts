import { instantMs, isIsoDateTime } from './instant.js';

describe('isIsoDateTime', () => {
  it('takes real moments, with or without seconds and designator', () => {
    for (const valid of [
      '2026-01-31T23:59:59Z',
      '2026-01-31T23:59',
      '2028-02-29T00:00:00.5+01:00',
      '2026-03-02T10:00:00',
    ]) {
      expect([valid, isIsoDateTime(valid)]).toEqual([valid, true]);
    }
  });

  it('refuses what Date.parse would silently roll over (2026-02-30 is not March 2nd)', () => {
    expect(instantMs('2026-02-30T00:00:00Z')).toBe(instantMs('2026-03-02T00:00:00Z'));
    for (const invalid of [
      '2026-02-30T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-13-45T99:99:99Z',
      '2026-06-31T10:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:00:00+25:00',
      'yesterday',
      42,
    ]) {
      expect([invalid, isIsoDateTime(invalid)]).toEqual([invalid, false]);
    }
  });
});
