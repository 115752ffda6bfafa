import {
  buildCdrTransaction,
  compensatingTransaction,
  differencePostings,
  DomainRejection,
  fromTransactionJson,
  type LedgerTransaction,
  type LedgerTransactionJson,
  netPostings,
  type SettlementTerms,
  toMinorUnits,
  toTransactionJson,
} from '#ledger';
import type { CdrKey, CdrState } from './cdr.js';

/**
 * Disputes as the CDR's own stream sees them (the dispute itself is a stream of libs/disputes).
 * The CDR stream is where a dispute's money is decided, so that one append at the CDR's
 * expected revision orders it against credit CDRs and other disputes:
 * - OpenCdrDispute -> CdrDisputeOpened: at most one open dispute per CDR;
 * - ResolveCdrDispute -> CdrDisputeResolved, carrying for ADJUSTED / VOIDED the compensating
 *   transaction (the original posting is never changed); at most one resolution per dispute.
 * Rejections: `cdr_unknown`, `dispute_cdr_not_posted`, `dispute_already_open`,
 * `dispute_not_open`, `dispute_already_resolved`, `cdr_already_credited`.
 */
export type DisputeOutcome = 'REJECTED' | 'ADJUSTED' | 'VOIDED';

/** An OCPI-style price as exact decimal strings. */
export interface TotalCost {
  readonly excl_vat: string;
  readonly incl_vat: string;
}

export interface CdrDisputeOpenedData extends CdrKey {
  readonly dispute_id: string;
  readonly opened_at: string;
}

/** What an ADJUSTED or VOIDED resolution posted. */
export interface CdrAdjustment {
  /** The compensating transaction (JSON form); it may have no postings (no change). */
  readonly transaction: LedgerTransactionJson;
  /** Change of the settled amount, signed minor units (negative: the eMSP owes less). */
  readonly amount_minor: string;
  /** The settled amount after the adjustment, minor units. */
  readonly settled_amount_minor: string;
  /** The CDR's cost excl. VAT before and after (exact decimals): the invoice line nets. */
  readonly excl_vat_before: string;
  readonly excl_vat_after: string;
  readonly settled_on: 'incl_vat' | 'excl_vat';
  readonly posted_at: string;
}

export interface CdrDisputeResolvedData extends CdrKey {
  readonly dispute_id: string;
  readonly outcome: DisputeOutcome;
  /** The new total cost of an ADJUSTED resolution, else null. */
  readonly total_cost: TotalCost | null;
  /** Null for REJECTED: nothing is posted. */
  readonly adjustment: CdrAdjustment | null;
  readonly resolved_at: string;
}

export type CdrDisputeOpened = {
  readonly type: 'CdrDisputeOpened';
  readonly data: CdrDisputeOpenedData;
};
export type CdrDisputeResolved = {
  readonly type: 'CdrDisputeResolved';
  readonly data: CdrDisputeResolvedData;
};

export interface CdrDisputesState {
  readonly open_dispute_id: string | null;
  readonly resolutions: readonly CdrDisputeResolvedData[];
}

export interface OpenCdrDispute {
  readonly type: 'OpenCdrDispute';
  readonly dispute_id: string;
  readonly opened_at: string;
}

export interface ResolveCdrDispute {
  readonly type: 'ResolveCdrDispute';
  readonly dispute_id: string;
  readonly outcome: DisputeOutcome;
  /** Required for ADJUSTED, null otherwise (checked at the edge and by the dispute decider). */
  readonly total_cost: TotalCost | null;
  /** The agreement version the CDR was posted under (fees, rounding): null for REJECTED. */
  readonly terms: SettlementTerms | null;
  /** Derived from the dispute id, so a retried resolution cannot post twice. */
  readonly transaction_id: string;
  readonly resolved_at: string;
}

const NO_DISPUTES: CdrDisputesState = { open_dispute_id: null, resolutions: [] };

export function cdrDisputesOf(state: CdrState): CdrDisputesState {
  return state.disputes ?? NO_DISPUTES;
}

/** What the CDR settles now: its posting plus every adjustment since. Null when not posted. */
export interface SettledNow {
  readonly original: LedgerTransaction;
  /** Net postings of the original and every compensating transaction. */
  readonly transaction: LedgerTransaction;
  readonly amount_minor: bigint;
  readonly excl_vat: string;
  readonly settled_on: 'incl_vat' | 'excl_vat';
}

export function settledNow(state: CdrState): SettledNow | null {
  if (state.posted === null || state.received === null) return null;
  const original = fromTransactionJson(state.posted.transaction);
  const postings = [...original.postings];
  let amount_minor = BigInt(state.posted.amount_minor);
  let excl_vat = state.received.claimed_total_cost.excl_vat;
  for (const { adjustment } of cdrDisputesOf(state).resolutions) {
    if (adjustment === null) continue;
    postings.push(...fromTransactionJson(adjustment.transaction).postings);
    amount_minor = BigInt(adjustment.settled_amount_minor);
    excl_vat = adjustment.excl_vat_after;
  }
  const transaction = { ...original, postings: netPostings(postings) };
  return { original, transaction, amount_minor, excl_vat, settled_on: state.posted.settled_on };
}

function keyOf(state: CdrState): CdrKey {
  const { country_code, party_id, cdr_id } = state.received!;
  return { country_code, party_id, cdr_id };
}

function checkDisputable(state: CdrState): void {
  if (state.received === null) throw new DomainRejection('cdr_unknown', 'unknown CDR');
  if (state.posted === null || state.received.credit) {
    throw new DomainRejection(
      'dispute_cdr_not_posted',
      `CDR ${state.received.cdr_id} is ${state.received.credit ? 'a credit CDR' : 'held'}: ` +
        'only a posted CDR can be disputed',
    );
  }
}

export function openCdrDispute(command: OpenCdrDispute, state: CdrState): CdrDisputeOpened[] {
  checkDisputable(state);
  const disputes = cdrDisputesOf(state);
  const { dispute_id } = command;
  if (disputes.open_dispute_id === dispute_id) return [];
  if (disputes.resolutions.some((r) => r.dispute_id === dispute_id)) return [];
  if (disputes.open_dispute_id !== null) {
    throw new DomainRejection(
      'dispute_already_open',
      `CDR ${state.received!.cdr_id} already has the open dispute ${disputes.open_dispute_id}`,
    );
  }
  return [
    {
      type: 'CdrDisputeOpened',
      data: { ...keyOf(state), dispute_id, opened_at: command.opened_at },
    },
  ];
}

function sameTotal(a: TotalCost | null, b: TotalCost | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.excl_vat === b.excl_vat && a.incl_vat === b.incl_vat)
  );
}

/** The compensating transaction that moves what is settled now to the resolution's target. */
function adjustmentOf(command: ResolveCdrDispute, now: SettledNow, key: CdrKey): CdrAdjustment {
  const { terms } = command;
  if (terms === null) throw new Error('the terms of the CDR are needed to adjust it');
  const total = command.outcome === 'ADJUSTED' ? command.total_cost : null;
  const settled =
    total === null ? '0' : now.settled_on === 'incl_vat' ? total.incl_vat : total.excl_vat;
  const amount_after = toMinorUnits(settled, terms.currency, terms.rounding);
  const target =
    total === null
      ? []
      : buildCdrTransaction({
          transaction_id: command.transaction_id,
          terms,
          cdr: key,
          amount_minor: amount_after,
          fee_base: total.excl_vat,
        }).postings;
  const postings = differencePostings(target, now.transaction.postings);
  const tx = compensatingTransaction(now.original, command.transaction_id, postings);
  return {
    transaction: toTransactionJson(tx),
    amount_minor: (amount_after - now.amount_minor).toString(),
    settled_amount_minor: amount_after.toString(),
    excl_vat_before: now.excl_vat,
    excl_vat_after: total === null ? '0' : total.excl_vat,
    settled_on: now.settled_on,
    posted_at: command.resolved_at,
  };
}

export function resolveCdrDispute(
  command: ResolveCdrDispute,
  state: CdrState,
): CdrDisputeResolved[] {
  checkDisputable(state);
  const disputes = cdrDisputesOf(state);
  const { dispute_id, outcome } = command;
  const earlier = disputes.resolutions.find((r) => r.dispute_id === dispute_id);
  if (earlier !== undefined) {
    if (earlier.outcome === outcome && sameTotal(earlier.total_cost, command.total_cost)) return [];
    throw new DomainRejection(
      'dispute_already_resolved',
      `dispute ${dispute_id} was already resolved as ${earlier.outcome}`,
    );
  }
  if (disputes.open_dispute_id !== dispute_id) {
    throw new DomainRejection('dispute_not_open', `dispute ${dispute_id} is not open on this CDR`);
  }
  if (outcome !== 'REJECTED' && state.credited !== null) {
    throw new DomainRejection(
      'cdr_already_credited',
      `CDR ${state.received!.cdr_id} was reversed by credit CDR ${state.credited.credit_cdr_id}`,
    );
  }
  const key = keyOf(state);
  const adjustment = outcome === 'REJECTED' ? null : adjustmentOf(command, settledNow(state)!, key);
  return [
    {
      type: 'CdrDisputeResolved',
      data: {
        ...key,
        dispute_id,
        outcome,
        total_cost: outcome === 'ADJUSTED' ? command.total_cost : null,
        adjustment,
        resolved_at: command.resolved_at,
      },
    },
  ];
}

/** evolve for the two dispute events (never throws). */
export function evolveCdrDisputes(
  state: CdrState,
  event: CdrDisputeOpened | CdrDisputeResolved,
): CdrState {
  const disputes = cdrDisputesOf(state);
  if (event.type === 'CdrDisputeOpened') {
    return { ...state, disputes: { ...disputes, open_dispute_id: event.data.dispute_id } };
  }
  const open = disputes.open_dispute_id === event.data.dispute_id ? null : disputes.open_dispute_id;
  return {
    ...state,
    disputes: { open_dispute_id: open, resolutions: [...disputes.resolutions, event.data] },
  };
}
