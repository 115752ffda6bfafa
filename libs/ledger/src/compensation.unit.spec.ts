import { buildCdrTransaction, type SettlementTerms } from './cdr-transaction.js';
import { balanceEffects } from './balance-effects.js';
import { compensatingTransaction, differencePostings, netPostings } from './compensation.js';

const CPO = { country_code: 'DE', party_id: 'ABC' };
const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const HUB = { country_code: 'NL', party_id: 'HUB' };
const terms: SettlementTerms = {
  agreement_id: 'A',
  version: 1,
  cpo: CPO,
  emsp: EMSP,
  currency: 'EUR',
  fees: [{ beneficiary: HUB, per_cdr: '0.20', percent_of_cost: '10' }],
  rounding: 'HALF_UP',
};
const cdr = { country_code: 'DE', party_id: 'ABC', cdr_id: 'C1' };
const build = (amount_minor: bigint, fee_base: string) =>
  buildCdrTransaction({ transaction_id: 'tx', terms, cdr, amount_minor, fee_base });

describe('compensating transactions', () => {
  it('moves a settled CDR to a new amount, percentage fee recomputed, per-CDR fee unchanged', () => {
    const original = build(1190n, '10.00'); // fee 0.20 + 1.00
    const target = build(476n, '4.00'); // fee 0.20 + 0.40
    const tx = compensatingTransaction(
      original,
      'adj',
      differencePostings(target.postings, original.postings),
    );
    expect(tx.reverses_transaction_id).toBe('tx');
    expect(balanceEffects(tx)).toEqual([
      { party: EMSP, counterparty: CPO, currency: 'EUR', amount_minor: 714n },
      { party: CPO, counterparty: EMSP, currency: 'EUR', amount_minor: -714n },
      { party: CPO, counterparty: HUB, currency: 'EUR', amount_minor: 60n },
      { party: HUB, counterparty: CPO, currency: 'EUR', amount_minor: -60n },
    ]);
    const net = netPostings([...original.postings, ...tx.postings]);
    expect(net).toEqual(target.postings);
  });

  it('reverses everything when the target is empty, and posts nothing for no change', () => {
    const original = build(1190n, '10.00');
    const voided = differencePostings([], original.postings);
    expect(netPostings([...original.postings, ...voided])).toEqual([]);
    expect(differencePostings(original.postings, original.postings)).toEqual([]);
  });
});
