import { DomainRejection } from '#ledger';
import { cdrContentHash, cdrTransactionId, claimedTotalCostOf, emspOf } from './cdr-input.js';
import { cdr } from './test-support/cdr-fixtures.js';

describe('CDR input helpers', () => {
  it('hashes the canonical content: key order does not matter, content does', () => {
    const a = cdr();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(cdrContentHash(reordered)).toBe(cdrContentHash(a));
    expect(cdrContentHash(cdr({ total_cost: { excl_vat: 10.01 } }))).not.toBe(cdrContentHash(a));
    expect(cdrContentHash(a)).toMatch(/^ci1:[0-9a-f]{64}$/);
  });

  it('folds CiStrings before hashing: the same CDR in another case has the same hash', () => {
    const upper = cdr({ session_id: 'SES-1', cdr_token: { uid: 'TOK-1', contract_id: 'NL-X-1' } });
    const lower = cdr({
      country_code: 'de',
      party_id: 'abc',
      id: 'cdr-1',
      session_id: 'ses-1',
      cdr_token: { uid: 'tok-1', contract_id: 'nl-x-1' },
      cdr_location: { id: 'loc-1', evse_uid: 'evse-1', connector_id: '1', country: 'DEU' },
      tariffs: [{ ...(upper.tariffs![0] as object), id: 't-1' }],
    });
    expect(cdrContentHash(lower)).toBe(cdrContentHash(upper));
    // Text that is not a CiString keeps its case: a changed remark is other content.
    expect(cdrContentHash(cdr({ remark: 'Fast' }))).not.toBe(
      cdrContentHash(cdr({ remark: 'fast' })),
    );
  });

  it('recognises a redelivery of a CDR stored under the rule before folding (exact text hash)', () => {
    const stored = { content_hash: 'a'.repeat(64), cdr: cdr() };
    expect(cdrContentHash(cdr({ id: 'cdr-1' }), stored)).toBe(stored.content_hash);
    const other = cdrContentHash(cdr({ id: 'cdr-1', remark: 'changed' }), stored);
    expect(other).not.toBe(stored.content_hash);
    expect(other).toMatch(/^ci1:/);
  });

  it('derives the transaction id from the folded key', () => {
    expect(cdrTransactionId({ country_code: 'de', party_id: 'abc', cdr_id: 'x1' })).toBe(
      cdrTransactionId({ country_code: 'DE', party_id: 'ABC', cdr_id: 'X1' }),
    );
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
