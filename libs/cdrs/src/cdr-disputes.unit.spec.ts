import { fromTransactionJson, netPostings } from '#ledger';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { CdrEvent, CdrPosted, CdrState } from './cdr.js';
import { decide, evolve, initialState } from './cdr.decider.js';
import type { CdrDisputeResolved, ResolveCdrDispute } from './cdr-disputes.js';
import { settledNow } from './cdr-disputes.js';
import { acceptCdr, agreementVersion, cdr, context, HUB } from './test-support/cdr-fixtures.js';

const spec = deciderSpec({ decide, evolve, initialState });
const fold = (events: readonly CdrEvent[]): CdrState => events.reduce(evolve, initialState());
// A 2.5 % hub fee on top of 0.20 per CDR: 0.20 + 2.5 % x 10 = 0.45.
const terms = agreementVersion({
  fees: [{ beneficiary: HUB, per_cdr: '0.20', percent_of_cost: '2.5' }],
});
const posted = spec
  .given([])
  .when(acceptCdr({ context: context({ agreement: terms }) }))
  .events();
const held = spec
  .given([])
  .when(acceptCdr({ context: context({ tariff: null }) }))
  .events();
const KEY = { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-1' };
const open = (dispute_id = 'D-1') =>
  ({ type: 'OpenCdrDispute', dispute_id, opened_at: '2026-01-12T00:00:00Z' }) as const;
const opened: CdrEvent = {
  type: 'CdrDisputeOpened',
  data: { ...KEY, dispute_id: 'D-1', opened_at: '2026-01-12T00:00:00Z' },
};
const resolve = (overrides: Partial<ResolveCdrDispute> = {}): ResolveCdrDispute => ({
  type: 'ResolveCdrDispute',
  dispute_id: 'D-1',
  outcome: 'ADJUSTED',
  total_cost: { excl_vat: '4', incl_vat: '4.8' },
  terms,
  transaction_id: 'tx-D-1',
  resolved_at: '2026-01-13T00:00:00Z',
  ...overrides,
});
const credited: CdrEvent = {
  type: 'CdrCredited',
  data: {
    ...KEY,
    credit_cdr_id: 'CDR-1-C',
    credit_transaction_id: 'tx-C',
    credited_at: '2026-01-12T06:00:00Z',
  },
};

function signedBy(events: readonly CdrEvent[], kind: string): bigint {
  const state = fold(events);
  const now = settledNow(state)!;
  return now.transaction.postings
    .filter((p) => p.account.kind === kind)
    .reduce((sum, p) => sum + (p.direction === 'credit' ? p.amount_minor : -p.amount_minor), 0n);
}

describe('CDR decider: disputes on the CDR stream', () => {
  it('opens one dispute per CDR; the same dispute again changes nothing', () => {
    spec.given(posted).when(open()).then([opened]);
    spec
      .given([...posted, opened])
      .when(open())
      .thenNothing();
    spec
      .given([...posted, opened])
      .when(open('D-2'))
      .thenRejects('dispute_already_open');
  });

  it('refuses disputes of unknown, held and credit CDRs', () => {
    spec.given([]).when(open()).thenRejects('cdr_unknown');
    spec.given(held).when(open()).thenRejects('dispute_cdr_not_posted');
  });

  it('ADJUSTED posts one compensating transaction to the new total, fees recomputed', () => {
    const [event] = spec
      .given([...posted, opened])
      .when(resolve())
      .events() as [CdrDisputeResolved];
    const adjustment = event.data.adjustment!;
    expect(adjustment).toMatchObject({
      amount_minor: '-720',
      settled_amount_minor: '480',
      excl_vat_before: '10',
      excl_vat_after: '4',
      settled_on: 'incl_vat',
    });
    const tx = fromTransactionJson(adjustment.transaction);
    expect(tx.transaction_id).toBe('tx-D-1');
    expect(tx.reverses_transaction_id).toBe('tx-CDR-1');
    const after = [...posted, opened, event];
    expect(signedBy(after, 'cpo_receivable')).toBe(480n);
    // 0.20 per CDR unchanged, 2.5 % of 4.00 = 0.10.
    expect(signedBy(after, 'fee_receivable')).toBe(30n);
    expect(fold(after).disputes).toEqual({ open_dispute_id: null, resolutions: [event.data] });
  });

  it('VOIDED reverses the whole settled transaction, fees included; REJECTED posts nothing', () => {
    const [voided] = spec
      .given([...posted, opened])
      .when(resolve({ outcome: 'VOIDED', total_cost: null }))
      .events() as [CdrDisputeResolved];
    expect(
      netPostings(settledNow(fold([...posted, opened, voided]))!.transaction.postings),
    ).toEqual([]);
    const [rejected] = spec
      .given([...posted, opened])
      .when(resolve({ outcome: 'REJECTED', total_cost: null, terms: null }))
      .events() as [CdrDisputeResolved];
    expect(rejected.data.adjustment).toBeNull();
  });

  it('is idempotent per dispute; another resolution is refused', () => {
    const events = spec
      .given([...posted, opened])
      .when(resolve())
      .events();
    spec
      .given([...posted, opened, ...events])
      .when(resolve())
      .thenNothing();
    spec
      .given([...posted, opened, ...events])
      .when(resolve({ outcome: 'VOIDED', total_cost: null }))
      .thenRejects('dispute_already_resolved');
    spec.given(posted).when(resolve()).thenRejects('dispute_not_open');
  });

  it('refuses to adjust a CDR a credit CDR already reversed', () => {
    spec
      .given([...posted, opened, credited])
      .when(resolve())
      .thenRejects('cdr_already_credited');
    spec
      .given([...posted, opened, credited])
      .when(resolve({ outcome: 'REJECTED', total_cost: null, terms: null }))
      .events();
  });

  it('a credit CDR after an adjustment reverses what is settled now', () => {
    const adjusted = [
      ...posted,
      opened,
      ...spec
        .given([...posted, opened])
        .when(resolve())
        .events(),
    ];
    const credit = spec
      .given([])
      .when(
        acceptCdr({
          cdr: cdr({ id: 'CDR-1-C', credit: true, credit_reference_id: 'CDR-1' }),
          content_hash: 'hash-C',
          claimed_total_cost: { excl_vat: '-10', incl_vat: '-12' },
          context: context({ agreement: null, tariff: null, time_zone: null, ledger_price: null }),
          original: fold(adjusted),
          transaction_id: 'tx-C',
        }),
      )
      .events();
    const reversal = (credit[1] as CdrPosted).data;
    expect(reversal.amount_minor).toBe('-480');
    expect(reversal.settled_excl_vat).toBe('-4');
    const all = [
      ...fromTransactionJson(fold(posted).posted!.transaction).postings,
      ...fromTransactionJson((adjusted[3] as CdrDisputeResolved).data.adjustment!.transaction)
        .postings,
      ...fromTransactionJson(reversal.transaction).postings,
    ];
    expect(netPostings(all)).toEqual([]);
  });
});
