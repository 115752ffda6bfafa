import { assertBalanced, transactionTotals } from './assert-balanced.js';
import { balanceEffects } from './balance-effects.js';
import {
  buildCdrTransaction,
  feeMinor,
  reverseTransaction,
  type SettlementTerms,
} from './cdr-transaction.js';
import { InvariantViolation } from './invariant.js';
import {
  fromTransactionJson,
  type LedgerTransaction,
  toTransactionJson,
} from './ledger-transaction.js';

const CPO = { country_code: 'DE', party_id: 'ABC' };
const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const HUB = { country_code: 'NL', party_id: 'HUB' };
const CDR = { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-1' };

const terms: SettlementTerms = {
  agreement_id: 'DEABC-NLXYZ',
  version: 1,
  cpo: CPO,
  emsp: EMSP,
  currency: 'EUR',
  fees: [{ beneficiary: HUB, per_cdr: '0.20', percent_of_cost: '2.5' }],
  rounding: 'HALF_UP',
};

function build(amount_minor: bigint, fee_base: string, t = terms): LedgerTransaction {
  return buildCdrTransaction({
    transaction_id: 'tx-1',
    terms: t,
    cdr: CDR,
    amount_minor,
    fee_base,
  });
}

describe('buildCdrTransaction', () => {
  it('posts the eMSP owing the CDR amount gross, and the CPO owing each fee', () => {
    // Fee: 0.20 + 2.5 % x 11.74 (excl. VAT) = 0.4935 -> 49 cents (HALF_UP).
    const tx = build(1397n, '11.74');
    expect(tx.postings).toEqual([
      {
        account: { party: EMSP, kind: 'emsp_payable', counterparty: CPO },
        direction: 'debit',
        amount_minor: 1397n,
      },
      {
        account: { party: CPO, kind: 'cpo_receivable', counterparty: EMSP },
        direction: 'credit',
        amount_minor: 1397n,
      },
      {
        account: { party: CPO, kind: 'fee_payable', counterparty: HUB },
        direction: 'debit',
        amount_minor: 49n,
      },
      {
        account: { party: HUB, kind: 'fee_receivable', counterparty: CPO },
        direction: 'credit',
        amount_minor: 49n,
      },
    ]);
    expect(transactionTotals(tx)).toEqual({ debits_minor: 1446n, credits_minor: 1446n });
    expect(tx.reverses_transaction_id).toBeNull();
  });

  it('describes the signed balance effect per party and counterparty', () => {
    expect(balanceEffects(build(1397n, '11.74'))).toEqual([
      { party: EMSP, counterparty: CPO, currency: 'EUR', amount_minor: -1397n },
      { party: CPO, counterparty: EMSP, currency: 'EUR', amount_minor: 1397n },
      { party: CPO, counterparty: HUB, currency: 'EUR', amount_minor: -49n },
      { party: HUB, counterparty: CPO, currency: 'EUR', amount_minor: 49n },
    ]);
  });

  it('posts nothing for zero amounts: a free session with no fees is an empty transaction', () => {
    const no_fees = { ...terms, fees: [] };
    expect(build(0n, '0', no_fees).postings).toEqual([]);
    expect(build(0n, '0').postings.map((p) => p.account.kind)).toEqual([
      'fee_payable',
      'fee_receivable',
    ]);
  });

  it('rounds each fee once by the agreement policy', () => {
    const fee = { beneficiary: HUB, per_cdr: '0', percent_of_cost: '50' };
    expect(feeMinor(fee, '0.25', 'EUR', 'HALF_UP')).toBe(13n);
    expect(feeMinor(fee, '0.25', 'EUR', 'HALF_EVEN')).toBe(12n);
    expect(feeMinor(fee, '0.25', 'EUR', 'DOWN')).toBe(12n);
  });

  it('refuses a negative CDR amount as a broken invariant', () => {
    expect(() => build(-1n, '0')).toThrow(InvariantViolation);
  });
});

describe('reverseTransaction', () => {
  it('flips every direction and references the original', () => {
    const original = build(1397n, '11.74');
    const credit = { ...CDR, cdr_id: 'CDR-1-C' };
    const reversal = reverseTransaction(original, { transaction_id: 'tx-2', cdr: credit });
    expect(reversal.reverses_transaction_id).toBe('tx-1');
    expect(reversal.cdr).toEqual(credit);
    expect(reversal.postings.map((p) => p.direction)).toEqual([
      'credit',
      'debit',
      'credit',
      'debit',
    ]);
    expect(reversal.postings.map((p) => p.amount_minor)).toEqual([1397n, 1397n, 49n, 49n]);
  });
});

describe('assertBalanced', () => {
  it('accepts the JSON form and round-trips it', () => {
    const tx = build(1397n, '11.74');
    const json = toTransactionJson(tx);
    expect(json.postings[0]!.amount_minor).toBe('1397');
    expect(fromTransactionJson(json)).toEqual(tx);
    expect(() => assertBalanced(json)).not.toThrow();
  });

  it('crashes on a transaction whose debits differ from its credits', () => {
    const tx = build(1397n, '11.74');
    const broken = { ...tx, postings: tx.postings.slice(1) };
    expect(() => assertBalanced(broken)).toThrow(/does not balance/);
  });

  it('crashes on a non-positive posting or an unknown currency', () => {
    const tx = build(1397n, '11.74');
    const zero = { ...tx, postings: tx.postings.map((p) => ({ ...p, amount_minor: 0n })) };
    expect(() => assertBalanced(zero)).toThrow(InvariantViolation);
    expect(() => assertBalanced({ ...tx, currency: 'XXX' })).toThrow(InvariantViolation);
  });
});
