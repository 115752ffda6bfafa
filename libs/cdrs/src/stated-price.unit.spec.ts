import type { LedgerPriceJson } from './cdr.js';
import { comparePrices, taxesInconsistency } from './price-comparison.js';
import { amountAfterTaxesOf, isVatTaxName, statedPriceOf } from './stated-price.js';

const VAT_10 = { name: 'VAT', percentage: 10, amount: 0.25 };

function ledgerPrice(excl_vat: string, incl_vat: string): LedgerPriceJson {
  return { currency: 'EUR', total_cost: { excl_vat, incl_vat } };
}

describe('statedPriceOf: one reader of a 2.2.1 or 2.3.0 Price', () => {
  it('reads a 2.2.1 Price as it is (a missing incl_vat stays null)', () => {
    expect(statedPriceOf({ excl_vat: 2.5, incl_vat: 2.75 }, 'total_cost')).toEqual({
      ocpi_version: '2.2.1',
      amounts: { excl_vat: '2.5', incl_vat: '2.75' },
      taxes: null,
      after_taxes_stated: null,
    });
    expect(statedPriceOf({ excl_vat: 2.5 }, 'total_cost').amounts.incl_vat).toBeNull();
  });

  it('reads a 2.3.0 Price: excl = before_taxes, incl = before_taxes + every tax, exactly', () => {
    const stated = statedPriceOf(
      {
        before_taxes: 0.1,
        taxes: [
          { name: 'GST', percentage: 5, amount: 0.2 },
          { name: 'QST', account_number: 'Q-1', amount: 0.0001 },
        ],
      },
      'total_cost',
    );
    expect(stated.amounts).toEqual({ excl_vat: '0.1', incl_vat: '0.3001' });
    expect(stated.taxes).toEqual([
      { name: 'GST', account_number: null, percentage: '5', amount: '0.2', is_vat: false },
      { name: 'QST', account_number: 'Q-1', percentage: null, amount: '0.0001', is_vat: false },
    ]);
    expect(statedPriceOf({ before_taxes: 3 }, 'total_cost').amounts).toEqual({
      excl_vat: '3',
      incl_vat: '3',
    });
  });

  it('names the malformed field', () => {
    expect(() => statedPriceOf(null, 'total_cost')).toThrow('total_cost');
    expect(() =>
      statedPriceOf({ before_taxes: 1, taxes: [{ name: 'VAT' }] }, 'total_cost'),
    ).toThrow('total_cost.taxes[0].amount');
    expect(amountAfterTaxesOf({ before_taxes: 1, taxes: [VAT_10] })).toBe('1.25');
    expect(amountAfterTaxesOf({ nothing: 1 })).toBeNull();
  });
});

describe('isVatTaxName: the is_vat rule', () => {
  it.each(['VAT', 'vat', 'MwSt. 19%', 'USt', 'TVA 20 %', 'IVA', 'BTW', 'Value Added Tax', 'ΦΠΑ'])(
    '%s is VAT',
    (name) => expect(isVatTaxName(name)).toBe(true),
  );
  it.each(['State Sales Tax', 'GST', 'HST', 'QST', 'PST', 'City tax', 'Private', 'VATICAN levy'])(
    '%s is not VAT',
    (name) => expect(isVatTaxName(name)).toBe(false),
  );
});

describe('taxesInconsistency', () => {
  const check = (price: unknown) => taxesInconsistency(statedPriceOf(price, 'total_cost'), '0.01');

  it('accepts taxes that add up, a 2.2.1 Price, and VAT on a part of the price', () => {
    expect(check({ before_taxes: 2.5, taxes: [VAT_10] })).toBeNull();
    expect(check({ excl_vat: 2.5, incl_vat: 9 })).toBeNull();
    const two_rates = [
      { name: 'VAT', percentage: 19, amount: 0.19 },
      { name: 'VAT', percentage: 7, amount: 0.07 },
    ];
    expect(check({ before_taxes: 2, taxes: two_rates })).toBeNull();
    expect(check({ before_taxes: -2.5, taxes: [{ ...VAT_10, amount: -0.25 }] })).toBeNull();
  });

  it('finds a tax above its percentage, an after_taxes that is not the sum, a wrong sign', () => {
    expect(check({ before_taxes: 2.5, taxes: [{ ...VAT_10, amount: 0.9 }] })).toContain(
      'total_cost.taxes[0]',
    );
    expect(check({ before_taxes: 2.5, after_taxes: 3, taxes: [VAT_10] })).toContain(
      'total_cost.after_taxes 3',
    );
    expect(check({ before_taxes: 2.5, taxes: [{ ...VAT_10, amount: -0.25 }] })).toContain(
      'opposite sign',
    );
  });
});

describe('comparePrices: the repricing check', () => {
  const compare = (price: unknown, ledger: LedgerPriceJson) =>
    comparePrices(statedPriceOf(price, 'total_cost'), ledger, '0.01', 'EUR');

  it('2.2.1: compares incl. VAT only', () => {
    expect(
      compare({ excl_vat: 2, incl_vat: 2.75 }, ledgerPrice('2.5', '2.75')).mismatch,
    ).toBeNull();
    const off = compare({ excl_vat: 2.5, incl_vat: 3 }, ledgerPrice('2.5', '2.75'));
    expect(off).toEqual({
      price_difference: '-0.25',
      mismatch: expect.stringContaining('(incl. VAT)'),
    });
  });

  it('2.3.0: compares before taxes and after taxes', () => {
    const agrees = compare({ before_taxes: 2.5, taxes: [VAT_10] }, ledgerPrice('2.5', '2.75'));
    expect(agrees).toEqual({ price_difference: '0', mismatch: null });
    const shifted = compare(
      { before_taxes: 2.3, taxes: [{ name: 'VAT', amount: 0.45 }] },
      ledgerPrice('2.5', '2.75'),
    );
    expect(shifted.mismatch).toContain('(before taxes)');
    const more_vat = compare(
      { before_taxes: 2.5, taxes: [{ ...VAT_10, amount: 0.5 }] },
      ledgerPrice('2.5', '2.75'),
    );
    expect(more_vat.mismatch).toContain('(after taxes)');
  });

  it('2.3.0: a tax that is not VAT is outside the tariff, taken as stated', () => {
    const sales_tax = { name: 'State Sales Tax', percentage: 8, amount: 0.2 };
    const stated = { before_taxes: 2.5, taxes: [sales_tax] };
    expect(compare(stated, ledgerPrice('2.5', '2.5'))).toEqual({
      price_difference: '0',
      mismatch: null,
    });
  });
});
