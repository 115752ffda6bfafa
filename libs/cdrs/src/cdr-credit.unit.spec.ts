import { fromTransactionJson, transactionTotals } from '#ledger';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { CdrEvent, CdrPosted, CdrState } from './cdr.js';
import { decide, evolve, initialState, type RecordCdrCredit } from './cdr.decider.js';
import { cdrStatus, cdrTransaction } from './cdr-queries.js';
import { acceptCdr, cdr, context } from './test-support/cdr-fixtures.js';

const spec = deciderSpec({ decide, evolve, initialState });
const fold = (events: readonly CdrEvent[]): CdrState => events.reduce(evolve, initialState());

const original_events = spec.given([]).when(acceptCdr()).events();
const held_events = spec
  .given([])
  .when(acceptCdr({ context: context({ tariff: null }) }))
  .events();
const CREDIT_KEY = { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-1-C' };

function acceptCredit(original: CdrState | null, overrides: { cdr_id?: string } = {}) {
  const id = overrides.cdr_id ?? 'CDR-1-C';
  return acceptCdr({
    cdr: cdr({ id, credit: true, credit_reference_id: 'CDR-1', total_cost: { excl_vat: -10 } }),
    content_hash: `hash-${id}`,
    claimed_total_cost: { excl_vat: '-10', incl_vat: '-12' },
    context: context({ agreement: null, tariff: null, time_zone: null, ledger_price: null }),
    original,
    transaction_id: `tx-${id}`,
  });
}

const recordCredit = (credit_cdr_id = 'CDR-1-C'): RecordCdrCredit => ({
  type: 'RecordCdrCredit',
  credit_cdr_id,
  credit_transaction_id: `tx-${credit_cdr_id}`,
  credited_at: '2026-01-11T08:00:00Z',
});

const credited: CdrEvent = {
  type: 'CdrCredited',
  data: {
    country_code: 'DE',
    party_id: 'ABC',
    cdr_id: 'CDR-1',
    credit_cdr_id: 'CDR-1-C',
    credit_transaction_id: 'tx-CDR-1-C',
    credited_at: '2026-01-11T08:00:00Z',
  },
};

describe('CDR decider: AcceptCdr for a credit CDR (on the credit stream)', () => {
  it('posts the exact reversal of the original transaction, whatever the context', () => {
    const events = spec
      .given([])
      .when(acceptCredit(fold(original_events)))
      .events();
    expect(events.map((e) => e.type)).toEqual(['CdrReceived', 'CdrPosted']);
    expect(events[0]).toMatchObject({
      data: { ...CREDIT_KEY, credit: true, credit_reference_id: 'CDR-1' },
    });
    const posted = (events[1] as CdrPosted).data;
    expect(posted).toMatchObject({ ...CREDIT_KEY, credit_of: 'CDR-1', amount_minor: '-1200' });
    const original = cdrTransaction(fold(original_events))!;
    const reversal = fromTransactionJson(posted.transaction);
    expect(reversal.reverses_transaction_id).toBe(original.transaction_id);
    expect(reversal.transaction_id).toBe('tx-CDR-1-C');
    expect(reversal.postings.map((p) => [p.account, p.amount_minor])).toEqual(
      original.postings.map((p) => [p.account, p.amount_minor]),
    );
    expect(reversal.postings.map((p) => p.direction)).toEqual([
      'credit',
      'debit',
      'credit',
      'debit',
    ]);
    const totals = transactionTotals(reversal);
    expect(totals.debits_minor).toBe(totals.credits_minor);
    expect(cdrStatus(fold(events))).toBe('POSTED');
  });

  it('is idempotent once the original was marked credited by this very credit (a retry)', () => {
    const credit = acceptCredit(fold([...original_events, credited]));
    expect(spec.given([]).when(credit).events()).toHaveLength(2);
    const credit_stream = spec.given([]).when(credit).events();
    spec.given(credit_stream).when(credit).thenNothing();
  });

  it('rejects credit_reference_unknown when the credited CDR was never received', () => {
    spec.given([]).when(acceptCredit(null)).thenRejects('credit_reference_unknown');
    spec.given([]).when(acceptCredit(initialState())).thenRejects('credit_reference_unknown');
  });

  it('rejects validation_failed when credit_reference_id is missing', () => {
    const command = acceptCredit(fold(original_events));
    const without = { ...command, cdr: { ...command.cdr, credit_reference_id: null } };
    spec.given([]).when(without).thenRejects('validation_failed', 'credit_reference_id');
  });

  it('rejects credit_of_held_cdr: a held CDR posted nothing to reverse', () => {
    spec
      .given([])
      .when(acceptCredit(fold(held_events)))
      .thenRejects('credit_of_held_cdr');
  });

  it('rejects credit_of_credit_cdr', () => {
    const credit_stream = spec
      .given([])
      .when(acceptCredit(fold(original_events)))
      .events();
    const command = acceptCredit(fold(credit_stream), { cdr_id: 'CDR-1-C-C' });
    spec.given([]).when(command).thenRejects('credit_of_credit_cdr');
  });

  it('rejects cdr_already_credited when another credit CDR credited it', () => {
    const command = acceptCredit(fold([...original_events, credited]), { cdr_id: 'CDR-1-C2' });
    spec.given([]).when(command).thenRejects('cdr_already_credited');
  });
});

describe('CDR decider: RecordCdrCredit (on the credited CDR stream)', () => {
  it('given a posted CDR, when a credit is recorded, then CdrCredited and status CREDITED', () => {
    spec.given(original_events).when(recordCredit()).then([credited]);
    expect(cdrStatus(fold([...original_events, credited]))).toBe('CREDITED');
  });

  it('given the credit recorded, when recorded again by the same credit, then nothing', () => {
    spec
      .given([...original_events, credited])
      .when(recordCredit())
      .thenNothing();
  });

  it('given the credit recorded, when another credit is recorded, then cdr_already_credited', () => {
    spec
      .given([...original_events, credited])
      .when(recordCredit('CDR-1-C2'))
      .thenRejects('cdr_already_credited');
  });

  it('given nothing, then credit_reference_unknown', () => {
    spec.given([]).when(recordCredit()).thenRejects('credit_reference_unknown');
  });

  it('given a held CDR, then credit_of_held_cdr', () => {
    spec.given(held_events).when(recordCredit()).thenRejects('credit_of_held_cdr');
  });

  it('given a credit CDR, then credit_of_credit_cdr', () => {
    const credit_stream = spec
      .given([])
      .when(acceptCredit(fold(original_events)))
      .events();
    spec.given(credit_stream).when(recordCredit('X')).thenRejects('credit_of_credit_cdr');
  });
});
