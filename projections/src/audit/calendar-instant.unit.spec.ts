import { calendarInstantMs, parseWindow } from './calendar-instant.js';

describe('strict calendar instants', () => {
  it('reads ISO-8601 instants as UTC unless an offset is given', () => {
    expect(calendarInstantMs('2026-11-30T23:00:00Z')).toBe(Date.UTC(2026, 10, 30, 23));
    expect(calendarInstantMs('2026-11-30T23:00:00')).toBe(Date.UTC(2026, 10, 30, 23));
    expect(calendarInstantMs('2026-11-30T23:00Z')).toBe(Date.UTC(2026, 10, 30, 23));
    expect(calendarInstantMs('2026-12-01T00:00:00+01:00')).toBe(Date.UTC(2026, 10, 30, 23));
    expect(calendarInstantMs('2026-11-30T22:30:00-00:30')).toBe(Date.UTC(2026, 10, 30, 23));
    expect(calendarInstantMs('2026-11-30T23:00:00.1234Z')).toBe(
      Date.UTC(2026, 10, 30, 23, 0, 0, 123),
    );
    expect(calendarInstantMs('2026-11-30')).toBe(Date.UTC(2026, 10, 30));
    expect(calendarInstantMs('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
  });

  it('refuses what is not on the calendar or not ISO-8601', () => {
    for (const text of [
      '2026-02-29T00:00:00Z',
      '2026-02-30',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-30T24:00:00Z',
      '2026-11-30T23:60:00Z',
      '2026-11-30T23:00:60Z',
      '2026-11-30T23:00:00+24:00',
      '30/11/2026',
      '2026-11-30 23:00:00Z',
      'yesterday',
      '',
    ]) {
      expect([text, calendarInstantMs(text)]).toEqual([text, null]);
    }
  });

  it('names the field of a bad window', () => {
    expect(parseWindow('2026-12-01', '2026-11-01')).toEqual({
      field: 'from',
      message: 'from must not be after to',
    });
    expect(parseWindow(undefined, '2026-11-01')).toMatchObject({ field: 'from' });
    expect(parseWindow('2026-11-01', ['a', 'b'])).toMatchObject({ field: 'to' });
    expect(parseWindow('2026-11-01', '2026-11-01')).toEqual({
      from_ms: Date.UTC(2026, 10, 1),
      to_ms: Date.UTC(2026, 10, 1),
    });
  });
});
