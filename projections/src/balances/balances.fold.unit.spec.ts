import { InvariantViolation } from '#ledger';
import {
  addToDeltas,
  balanceEntriesOf,
  emptyDeltas,
  monthIndexOf,
  monthStartMs,
} from './balances.fold.js';

const CPO = { country_code: 'DE', party_id: 'ABC' };
const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const HUB = { country_code: 'NL', party_id: 'HUB' };

function posting(
  party: typeof CPO,
  counterparty: typeof CPO,
  direction: 'debit' | 'credit',
  amount_minor: string,
) {
  return { account: { party, kind: 'emsp_payable', counterparty }, direction, amount_minor };
}

function cdrPosted(postings: unknown[], credit_of: string | null = null) {
  return {
    type: 'CdrPosted',
    position: 7n,
    data: {
      country_code: 'DE',
      party_id: 'ABC',
      cdr_id: 'CDR-1',
      credit_of,
      posted_at: '2026-01-31T23:30:00+01:00',
      transaction: { transaction_id: 'tx-1', currency: 'EUR', postings },
    },
  };
}

describe('balances fold', () => {
  it('a posted CDR: one signed entry per party and counterparty, summing to zero', () => {
    const entries = balanceEntriesOf(
      cdrPosted([
        posting(EMSP, CPO, 'debit', '275'),
        posting(CPO, EMSP, 'credit', '275'),
        posting(CPO, HUB, 'debit', '20'),
        posting(HUB, CPO, 'credit', '20'),
      ]),
    );
    expect(entries.map((e) => [e.party, e.counterparty, e.amount_minor])).toEqual([
      ['NL/XYZ', 'DE/ABC', -275n],
      ['DE/ABC', 'NL/XYZ', 275n],
      ['DE/ABC', 'NL/HUB', -20n],
      ['NL/HUB', 'DE/ABC', 20n],
    ]);
    expect(entries.reduce((sum, e) => sum + e.amount_minor, 0n)).toBe(0n);
    expect(entries[0]).toMatchObject({
      position: 7n,
      transaction_id: 'tx-1',
      source_kind: 'cdr',
      source_ref: 'DE/ABC/CDR-1',
      currency: 'EUR',
      ledger_time_ms: Date.parse('2026-01-31T22:30:00Z'),
    });
  });

  it('a credit CDR is traced as a credit; a payment by its id', () => {
    const credit = balanceEntriesOf(
      cdrPosted([posting(EMSP, CPO, 'credit', '275'), posting(CPO, EMSP, 'debit', '275')], 'CDR-0'),
    );
    expect(credit[0]).toMatchObject({ source_kind: 'cdr_credit', amount_minor: 275n });
    const payment = balanceEntriesOf({
      type: 'PaymentRecorded',
      position: 9n,
      data: {
        payment_id: 'PAY-1',
        posted_at: '2026-02-01T00:00:00Z',
        transaction: {
          transaction_id: 'tx-p',
          currency: 'EUR',
          postings: [posting(EMSP, CPO, 'credit', '100'), posting(CPO, EMSP, 'debit', '100')],
        },
      },
    });
    expect(payment.map((e) => [e.source_kind, e.source_ref, e.amount_minor])).toEqual([
      ['payment', 'PAY-1', 100n],
      ['payment', 'PAY-1', -100n],
    ]);
  });

  it('other events fold to nothing', () => {
    expect(balanceEntriesOf({ type: 'CdrReceived', position: 1n, data: {} })).toEqual([]);
    expect(balanceEntriesOf({ type: 'CdrHeld', position: 2n, data: {} })).toEqual([]);
  });

  it('refuses (as a bug) a transaction that does not balance or has a non-positive posting', () => {
    expect(() =>
      balanceEntriesOf(
        cdrPosted([posting(EMSP, CPO, 'debit', '275'), posting(CPO, EMSP, 'credit', '274')]),
      ),
    ).toThrow(InvariantViolation);
    expect(() =>
      balanceEntriesOf(
        cdrPosted([posting(EMSP, CPO, 'debit', '0'), posting(CPO, EMSP, 'credit', '0')]),
      ),
    ).toThrow(InvariantViolation);
  });

  it('sums a batch per key and per UTC month', () => {
    const deltas = emptyDeltas();
    const entries = balanceEntriesOf(
      cdrPosted([posting(EMSP, CPO, 'debit', '275'), posting(CPO, EMSP, 'credit', '275')]),
    );
    for (const entry of [...entries, ...entries]) addToDeltas(deltas, entry);
    expect(deltas.current.get('NL/XYZ|EUR|DE/ABC')).toBe(-550n);
    const month = monthIndexOf(Date.parse('2026-01-31T22:30:00Z'));
    expect(deltas.monthly.get(`DE/ABC|EUR|NL/XYZ|${month}`)).toBe(550n);
    expect(monthStartMs(month)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(monthIndexOf(Date.parse('2026-02-01T00:00:00Z'))).toBe(month + 1);
  });
});
