import {
  Dec,
  addMoney,
  decimalString,
  formatMinorUnits,
  fromMinorUnits,
  minorUnitDigits,
  money,
  moneyToMinorUnits,
  toMinorUnits,
} from './index.js';

describe('minor units', () => {
  it('knows the ISO 4217 minor unit digits', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(() => minorUnitDigits('XXX')).toThrow('unknown ISO 4217 currency');
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['2.345', 'HALF_UP', 235n],
    ['2.345', 'HALF_EVEN', 234n],
    ['2.355', 'HALF_EVEN', 236n],
    ['2.345', 'HALF_DOWN', 234n],
    ['2.341', 'UP', 235n],
    ['2.349', 'DOWN', 234n],
    ['-2.345', 'HALF_UP', -235n],
    ['-2.345', 'HALF_EVEN', -234n],
    ['0.004999', 'HALF_UP', 0n],
  ] as const)('%s by %s -> %s', (amount, policy, expected) => {
    expect(toMinorUnits(amount, 'EUR', policy)).toBe(expected);
  });

  it('uses the currency digits', () => {
    expect(toMinorUnits('1234.5', 'JPY', 'HALF_UP')).toBe(1235n);
    expect(toMinorUnits('1.2345', 'KWD', 'HALF_EVEN')).toBe(1234n);
  });

  it('is exact for large amounts', () => {
    expect(toMinorUnits('123456789012345678901.235', 'EUR', 'HALF_UP')).toBe(
      12345678901234567890124n,
    );
  });

  it('converts back', () => {
    expect(decimalString(fromMinorUnits(1235n, 'EUR'))).toBe('12.35');
    expect(formatMinorUnits(1230n, 'EUR')).toBe('12.30');
    expect(formatMinorUnits(-5n, 'EUR')).toBe('-0.05');
  });
});

describe('Money', () => {
  it('adds exactly without float artefacts', () => {
    const sum = addMoney(money('0.1', 'EUR'), money('0.2', 'EUR'));
    expect(decimalString(sum.amount)).toBe('0.3');
    expect(moneyToMinorUnits(sum, 'HALF_UP')).toBe(30n);
  });

  it('refuses to mix currencies', () => {
    expect(() => addMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow('currency mismatch');
  });

  it('never prints exponents', () => {
    expect(decimalString(new Dec('1e-12'))).toBe('0.000000000001');
    expect(decimalString(new Dec('1e25'))).toBe('10000000000000000000000000');
    expect(decimalString(new Dec('-0'))).toBe('0');
  });
});
