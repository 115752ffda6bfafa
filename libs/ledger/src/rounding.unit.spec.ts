import { isCurrencyCode, minorUnitDigits } from './currency.js';
import { DomainRejection, invalidField } from './domain-rejection.js';
import { InvariantViolation, invariant } from './invariant.js';
import { compareInstants, isIsoDateTime } from './instant.js';
import { formatMinorUnits, isDecimalString, toMinorUnits } from './rounding.js';

describe('toMinorUnits: the one conversion to posted minor units', () => {
  it.each([
    ['HALF_UP', '0.125', 13n],
    ['HALF_EVEN', '0.125', 12n],
    ['HALF_EVEN', '0.135', 14n],
    ['HALF_DOWN', '0.125', 12n],
    ['UP', '0.121', 13n],
    ['DOWN', '0.129', 12n],
    ['HALF_UP', '-0.125', -13n],
  ] as const)('%s rounds %s EUR to %p cents', (policy, amount, expected) => {
    expect(toMinorUnits(amount, 'EUR', policy)).toBe(expected);
  });

  it('uses the currency minor unit: JPY has none, KWD has three digits', () => {
    expect(toMinorUnits('1234.5', 'JPY', 'HALF_UP')).toBe(1235n);
    expect(toMinorUnits('1.2345', 'KWD', 'HALF_EVEN')).toBe(1234n);
    expect(minorUnitDigits('EUR')).toBe(2);
  });

  it('keeps large amounts exact', () => {
    expect(toMinorUnits('123456789012345678.995', 'EUR', 'HALF_UP')).toBe(12345678901234567900n);
  });

  it('formats minor units back to major units', () => {
    expect(formatMinorUnits(1235n, 'EUR')).toBe('12.35');
    expect(formatMinorUnits(-5n, 'EUR')).toBe('-0.05');
    expect(formatMinorUnits(7n, 'JPY')).toBe('7');
  });

  it('refuses unknown currencies', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(() => minorUnitDigits('XYZ')).toThrow(RangeError);
  });
});

describe('input helpers', () => {
  it('recognises plain decimal strings only', () => {
    expect(isDecimalString('0.20')).toBe(true);
    expect(isDecimalString('-3')).toBe(true);
    expect(isDecimalString('1e3')).toBe(false);
    expect(isDecimalString('.5')).toBe(false);
    expect(isDecimalString(0.5)).toBe(false);
  });

  it('reads OCPI timestamps without designator as UTC', () => {
    expect(isIsoDateTime('2024-01-01T10:00:00Z')).toBe(true);
    expect(isIsoDateTime('2024-01-01T10:00:00')).toBe(true);
    expect(isIsoDateTime('2024-13-01T10:00:00Z')).toBe(false);
    expect(isIsoDateTime('yesterday')).toBe(false);
    expect(compareInstants('2024-01-01T10:00:00', '2024-01-01T11:00:00+01:00')).toBe(0);
  });

  it('builds validation rejections naming the field', () => {
    const rejection = invalidField('fees[0].per_cdr', 'must not be negative');
    expect(rejection).toBeInstanceOf(DomainRejection);
    expect(rejection.code).toBe('validation_failed');
    expect(rejection.field).toBe('fees[0].per_cdr');
    expect(DomainRejection.is(rejection)).toBe(true);
    expect(DomainRejection.is(new Error('x'))).toBe(false);
  });

  it('invariant throws InvariantViolation, not a DomainRejection', () => {
    expect(() => invariant(false, 'must hold')).toThrow(InvariantViolation);
    expect(() => invariant(true, 'holds')).not.toThrow();
  });
});
