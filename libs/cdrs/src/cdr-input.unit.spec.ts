import { DomainRejection } from '../../ledger/src/index.js';
import { cdrContentHash, claimedTotalCostOf, emspOf } from './cdr-input.js';
import { cdr } from './test-support/cdr-fixtures.js';

describe('CDR input helpers', () => {
  it('hashes the canonical content: key order does not matter, content does', () => {
    const a = cdr();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(cdrContentHash(reordered)).toBe(cdrContentHash(a));
    expect(cdrContentHash(cdr({ total_cost: { excl_vat: 10.01 } }))).not.toBe(cdrContentHash(a));
    expect(cdrContentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads total_cost as exact decimal strings', () => {
    expect(claimedTotalCostOf(cdr({ total_cost: { excl_vat: 13.975, incl_vat: 16.63 } }))).toEqual({
      excl_vat: '13.975',
      incl_vat: '16.63',
    });
    expect(claimedTotalCostOf(cdr({ total_cost: { excl_vat: 1e-7 } }))).toEqual({
      excl_vat: '0.0000001',
      incl_vat: null,
    });
    expect(claimedTotalCostOf(cdr({ total_cost: { excl_vat: '-2.50', incl_vat: null } }))).toEqual({
      excl_vat: '-2.5',
      incl_vat: null,
    });
  });

  it.each([
    ['total_cost', undefined],
    ['total_cost.excl_vat', { incl_vat: 1 }],
    ['total_cost.incl_vat', { excl_vat: 1, incl_vat: 'x' }],
  ])('rejects validation_failed naming %s', (field, total_cost) => {
    let caught: unknown;
    try {
      claimedTotalCostOf(cdr({ total_cost }));
    } catch (error) {
      caught = error;
    }
    expect(DomainRejection.is(caught) && caught.field).toBe(field);
  });

  it('finds the eMSP in the cdr_token', () => {
    const token = {
      country_code: 'NL',
      party_id: 'XYZ',
      uid: 'U1',
      type: 'RFID',
      contract_id: 'C',
    };
    expect(emspOf(cdr({ cdr_token: token }))).toEqual({ country_code: 'NL', party_id: 'XYZ' });
    expect(emspOf(cdr())).toBeNull();
  });
});
