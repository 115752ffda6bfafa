import {
  endsAfter,
  isLatitude,
  isLedgerCurrency,
  isLongitude,
  isOcpiDate,
  isOcpiDateTime,
  isOcpiTimeOfDay,
  isPrintableText,
  PRINTABLE_ASCII,
} from './ocpi-rules.js';

describe('OCPI value rules', () => {
  it('takes DateTimes of the types chapter, only when they exist in the calendar', () => {
    for (const valid of [
      '2015-06-29T20:39:09Z',
      '2015-06-29T20:39:09',
      '2016-12-29T17:45:09.2Z',
      '2018-01-01T01:08:01.123',
      '2028-02-29T23:59:59Z',
      '2026-03-02T10:00:00+01:00',
      '2026-03-02T10:00:00.123456789-05:30',
    ]) {
      expect([valid, isOcpiDateTime(valid)]).toEqual([valid, true]);
    }
    for (const invalid of [
      '2026-02-30T10:00:00Z',
      '2026-13-45T99:99:99Z',
      '2027-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T10:00:00+24:00',
      '2026-01-01T10:00:00+01:60',
      '2026-01-01',
      '2026-01-01T10:00Z',
      '2026-01-01 10:00:00Z',
      20260101,
      null,
    ]) {
      expect([invalid, isOcpiDateTime(invalid)]).toEqual([invalid, false]);
    }
  });

  it('takes restriction dates and times of day that exist', () => {
    expect(['2028-02-29', '2026-12-31'].map(isOcpiDate)).toEqual([true, true]);
    expect(['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01'].map(isOcpiDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['00:00', '23:59'].map(isOcpiTimeOfDay)).toEqual([true, true]);
    expect(['24:00', '12:60', '9:00', '09:00:00'].map(isOcpiTimeOfDay)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('bounds latitude by 90 and longitude by 180 degrees', () => {
    expect(['90.000000', '-90.0000000', '52.520008'].map((text) => isLatitude(text, {}))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['90.000001', '95.00000', '-91.00000', '52.52'].map((text) => isLatitude(text, {})),
    ).toEqual([false, false, false, false]);
    expect(['180.000000', '-180.00000', '13.404954'].map((text) => isLongitude(text, {}))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['180.000001', '-181.00000', '999.00000'].map((text) => isLongitude(text, {}))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('knows ISO 4217 codes the ledger settles in', () => {
    expect(['EUR', 'GBP', 'JPY'].map(isLedgerCurrency)).toEqual([true, true, true]);
    expect(['ZZZ', 'eur', 'EURO', ''].map(isLedgerCurrency)).toEqual([false, false, false, false]);
  });

  it('tells printable text (string) and printable ASCII (CiString) from control characters', () => {
    expect(['Gent Zuid', 'Düsseldorf – Straße 3', '北京', '🚗'].map(isPrintableText)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const unprintable = ['a\u0000b', 'line\nbreak', 'tab\t', 'del\u007f', 'c1\u0085', '\ud800'];
    expect(unprintable.map(isPrintableText)).toEqual(unprintable.map(() => false));
    expect(PRINTABLE_ASCII.test('DE*ABC*E1 ~')).toBe(true);
    for (const text of ['Ünïcode', 'a\u0000', 'a\tb', 'a\u007f']) {
      expect(PRINTABLE_ASCII.test(text)).toBe(false);
    }
  });

  it('wants an end after the start when both are given', () => {
    const rule = endsAfter('start_date_time');
    const start = { start_date_time: '2026-02-01T00:00:00Z' };
    expect(rule('2026-02-01T00:00:01Z', start)).toBe(true);
    expect(rule('2026-02-01T00:00:00Z', start)).toBe(false);
    expect(rule('2026-01-31T23:59:59Z', start)).toBe(false);
    expect(rule('2026-01-31T23:59:59Z', {})).toBe(true);
    expect(rule('2026-01-31T23:59:59Z', { start_date_time: null })).toBe(true);
  });
});
