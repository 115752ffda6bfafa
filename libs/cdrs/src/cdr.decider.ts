import { ciEqual } from '#ocpi';
import {
  DomainRejection,
  invalidField,
  LedgerDecimal,
  reverseTransaction,
  toTransactionJson,
} from '#ledger';
import type {
  CdrContext,
  CdrDocument,
  CdrEvent,
  CdrReceivedData,
  CdrState,
  OcpiObjectVersion,
  PriceAmounts,
  StatedTax,
} from './cdr.js';
import { cdrKeyOf } from './cdr.js';
import {
  assessedContext,
  checkClaimedTotalCost,
  settleCdr,
  settlementEvent,
} from './cdr-settlement.js';
import { findingsFlagged, findingsOf } from './cdr-checks.js';
import { resolveHeldCdr, type ResolveHeldCdr } from './cdr-resolution.js';
import {
  cdrDisputesOf,
  evolveCdrDisputes,
  type OpenCdrDispute,
  openCdrDispute,
  type ResolveCdrDispute,
  resolveCdrDispute,
  settledNow,
} from './cdr-disputes.js';

/**
 * The CDR decider, one stream per CDR (`cdrStreamName(key)`).
 *
 * AcceptCdr (decided on the CDR's own stream):
 * - same CDR again (same content_hash) -> no events (acknowledge); other content -> `cdr_conflict`;
 * - a CDR -> CdrReceived + CdrPosted, or CdrReceived + CdrHeld (see cdr-settlement.ts);
 * - a credit CDR -> CdrReceived + CdrPosted with the exact reversal of the credited CDR's
 *   transaction, or a rejection: `credit_reference_unknown`, `credit_of_credit_cdr`,
 *   `credit_of_held_cdr` (a held CDR posted nothing, so there is nothing to reverse; an operator
 *   resolves it), `cdr_already_credited` (credited by another credit CDR).
 *
 * ReassessCdr (on the CDR's stream): a held CDR assessed again, see below.
 *
 * RecordCdrCredit (decided on the credited CDR's stream): -> CdrCredited; the same credit again
 * -> no events; the same rejections as above.
 *
 * Handler recipe for a credit CDR, so that a retry is idempotent and two concurrent credits of
 * one CDR cannot both post: read the credited CDR's stream (state + revision r) and the credit's
 * stream; decide AcceptCdr (with `original`) on the credit's state; if it gives events, decide
 * RecordCdrCredit on the credited state and append its events to the credited stream at
 * expected revision r FIRST, then append the credit's events at NO_STREAM. A concurrent second
 * credit fails the first append (WrongExpectedVersion) and, retried, gets `cdr_already_credited`.
 */
export interface AcceptCdr {
  readonly type: 'AcceptCdr';
  /** The OCPI CDR as received, validated at the edge. */
  readonly cdr: CdrDocument;
  /** Hash of the CDR's canonical content: equal hash = same delivery. */
  readonly content_hash: string;
  /** The CPO's total_cost as decimal strings (credit CDRs: negative amounts). */
  readonly claimed_total_cost: PriceAmounts;
  /** The OCPI version of the path the CDR arrived on; absent: 2.2.1. */
  readonly ocpi_version?: OcpiObjectVersion;
  /** A 2.3.0 CDR's taxes on its total_cost (stated-price.ts), recorded as stated. */
  readonly stated_taxes?: readonly StatedTax[];
  readonly context: CdrContext;
  /** For a credit CDR: the state of the CDR it credits (empty or null when unknown). */
  readonly original: CdrState | null;
  /** Id of the transaction this CDR posts (derive it from the CDR key). */
  readonly transaction_id: string;
  readonly received_at: string;
}

export interface RecordCdrCredit {
  readonly type: 'RecordCdrCredit';
  readonly credit_cdr_id: string;
  readonly credit_transaction_id: string;
  readonly credited_at: string;
}

/**
 * Assess a held CDR again, in the context the handler looks up now (a tariff or Location that
 * arrived late, a corrected agreement). -> CdrReassessed + CdrPosted / CdrHeld; no events when it
 * would stay held for the same reason and price difference. Rejections: `cdr_unknown`,
 * `cdr_not_held` (posted, credited, or a credit CDR).
 */
export interface ReassessCdr {
  readonly type: 'ReassessCdr';
  readonly context: CdrContext;
  /** Id of the transaction if it posts now (derive it from the CDR key, as for AcceptCdr). */
  readonly transaction_id: string;
  readonly reassessed_at: string;
}

export type CdrCommand =
  AcceptCdr | RecordCdrCredit | ReassessCdr | ResolveHeldCdr | OpenCdrDispute | ResolveCdrDispute;

export function initialState(): CdrState {
  return { received: null, posted: null, held: null, credited: null, reassessed: null };
}

/** Rejections shared by crediting: what the credited CDR must be (also on a retry). */
function checkCreditable(
  original: CdrState | null,
  credit_cdr_id: string,
  reference: string,
): void {
  if (original === null || original.received === null) {
    throw new DomainRejection('credit_reference_unknown', `CDR ${reference} is unknown`);
  }
  if (original.received.credit) {
    throw new DomainRejection('credit_of_credit_cdr', `CDR ${reference} is itself a credit CDR`);
  }
  if (original.posted === null) {
    throw new DomainRejection('credit_of_held_cdr', `CDR ${reference} is held, not posted`);
  }
  if (original.credited !== null && !ciEqual(original.credited.credit_cdr_id, credit_cdr_id)) {
    throw new DomainRejection(
      'cdr_already_credited',
      `CDR ${reference} is already credited by CDR ${original.credited.credit_cdr_id}`,
    );
  }
}

function received(command: AcceptCdr, credit: boolean): CdrReceivedData {
  const { cdr } = command;
  return {
    ...cdrKeyOf(cdr),
    content_hash: command.content_hash,
    received_at: command.received_at,
    cdr,
    credit,
    credit_reference_id: credit ? (cdr.credit_reference_id ?? null) : null,
    claimed_total_cost: command.claimed_total_cost,
    context: assessedContext(cdr, command.context),
    // 2.2.1 CDRs are recorded as before the 2.3.0 paths existed (absent: 2.2.1).
    ...(command.ocpi_version === '2.3.0'
      ? { ocpi_version: '2.3.0' as const, stated_taxes: command.stated_taxes ?? [] }
      : {}),
  };
}

function acceptCredit(command: AcceptCdr): CdrEvent[] {
  const key = cdrKeyOf(command.cdr);
  const reference = command.cdr.credit_reference_id;
  if (typeof reference !== 'string' || reference.length === 0) {
    throw invalidField('credit_reference_id', 'is required for a credit CDR');
  }
  checkCreditable(command.original, key.cdr_id, reference);
  const original = command.original!.posted!;
  // What is settled now: the original posting plus any dispute adjustment since.
  const settled = settledNow(command.original!)!;
  const adjusted = cdrDisputesOf(command.original!).resolutions.some((r) => r.adjustment !== null);
  const transaction = reverseTransaction(settled.transaction, {
    transaction_id: command.transaction_id,
    cdr: key,
  });
  return [
    { type: 'CdrReceived', data: received(command, true) },
    {
      type: 'CdrPosted',
      data: {
        ...key,
        transaction: toTransactionJson(transaction),
        amount_minor: (-settled.amount_minor).toString(),
        settled_on: original.settled_on,
        price_difference: null,
        // The credited CDR's id as the ledger holds it (the reference may differ in case): the
        // documents find its invoice and its VAT by it.
        credit_of: command.original!.received!.cdr_id,
        posted_at: command.received_at,
        ...(adjusted
          ? { settled_excl_vat: new LedgerDecimal(settled.excl_vat).negated().toFixed() }
          : {}),
      },
    },
  ];
}

function acceptCdr(command: AcceptCdr, state: CdrState): CdrEvent[] {
  if (state.received !== null) {
    if (state.received.content_hash === command.content_hash) return [];
    throw new DomainRejection(
      'cdr_conflict',
      `CDR ${state.received.cdr_id} was already received with other content`,
    );
  }
  const credit = command.cdr.credit === true;
  checkClaimedTotalCost(command.claimed_total_cost, credit);
  if (credit) return acceptCredit(command);
  const key = cdrKeyOf(command.cdr);
  const findings = findingsOf(command.cdr, command.context);
  const settlement = settleCdr({ key, ...command, findings });
  return [
    { type: 'CdrReceived', data: received(command, false) },
    ...findingsFlagged(key, findings, [], command.received_at),
    settlementEvent(key, settlement, command.received_at),
  ];
}

function reassessCdr(command: ReassessCdr, state: CdrState): CdrEvent[] {
  const { received: first, held } = state;
  if (first === null) throw new DomainRejection('cdr_unknown', 'the CDR was never received');
  if (held === null || state.posted !== null || state.resolved !== undefined) {
    throw new DomainRejection('cdr_not_held', `CDR ${first.cdr_id} is not held`);
  }
  const { country_code, party_id, cdr_id } = first;
  const key = { country_code, party_id, cdr_id };
  // The checks run again in the new context; a finding recorded before (a signature that did
  // not verify) still holds, whatever the new context says.
  const recorded = state.findings ?? [];
  const findings = command.context.checks ? findingsOf(first.cdr, command.context) : [];
  const settlement = settleCdr({
    key,
    findings: [...recorded.filter((finding) => finding.type === 'SIGNATURE_INVALID'), ...findings],
    cdr: first.cdr,
    claimed_total_cost: first.claimed_total_cost,
    ...(first.stated_taxes === undefined ? {} : { stated_taxes: first.stated_taxes }),
    context: command.context,
    transaction_id: command.transaction_id,
  });
  const unchanged =
    settlement.outcome === 'hold' &&
    settlement.reason === held.reason &&
    settlement.price_difference === held.price_difference;
  if (unchanged) return [];
  const at = command.reassessed_at;
  return [
    {
      type: 'CdrReassessed',
      data: { ...key, context: assessedContext(first.cdr, command.context), reassessed_at: at },
    },
    ...findingsFlagged(key, findings, recorded, at),
    settlementEvent(key, settlement, at),
  ];
}

function recordCredit(command: RecordCdrCredit, state: CdrState): CdrEvent[] {
  const reference = state.received?.cdr_id ?? '(unknown)';
  checkCreditable(state, command.credit_cdr_id, reference);
  if (state.credited !== null) return [];
  const { country_code, party_id, cdr_id } = state.received!;
  return [
    {
      type: 'CdrCredited',
      data: {
        country_code,
        party_id,
        cdr_id,
        credit_cdr_id: command.credit_cdr_id,
        credit_transaction_id: command.credit_transaction_id,
        credited_at: command.credited_at,
      },
    },
  ];
}

export function decide(command: CdrCommand, state: CdrState): CdrEvent[] {
  switch (command.type) {
    case 'AcceptCdr':
      return acceptCdr(command, state);
    case 'RecordCdrCredit':
      return recordCredit(command, state);
    case 'ReassessCdr':
      return reassessCdr(command, state);
    case 'ResolveHeldCdr':
      return resolveHeldCdr(command, state);
    case 'OpenCdrDispute':
      return openCdrDispute(command, state);
    case 'ResolveCdrDispute':
      return resolveCdrDispute(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown CDR command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: CdrState, event: CdrEvent): CdrState {
  switch (event.type) {
    case 'CdrReceived':
      return { ...state, received: event.data };
    case 'CdrPosted':
      return { ...state, posted: event.data };
    case 'CdrHeld':
      return { ...state, held: event.data };
    case 'CdrCredited':
      return { ...state, credited: event.data };
    case 'CdrReassessed':
      return { ...state, reassessed: event.data };
    case 'CdrFlagged':
      return { ...state, findings: [...(state.findings ?? []), ...event.data.findings] };
    case 'CdrResolved':
      return { ...state, resolved: event.data };
    case 'CdrDisputeOpened':
    case 'CdrDisputeResolved':
      return evolveCdrDisputes(state, event);
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
