import { cdrStreamName } from '#cdrs';
import { DomainRejection, instantMs, invalidField, samePartyId } from '#ledger';
import type {
  DisputeActor,
  DisputeClaim,
  DisputedCdr,
  DisputeEvent,
  DisputeResolution,
  DisputeState,
} from './dispute.js';

/**
 * The dispute decider, one stream per dispute (`disputeStreamName(id)`).
 *
 * OpenDispute -> DisputeOpened. The same id and content again -> no events; other content ->
 * `dispute_conflict`. Unknown CDR -> `cdr_unknown`; a partner that is neither the CDR's CPO nor
 * its eMSP -> `dispute_not_party`; a held CDR or a credit CDR -> `dispute_cdr_not_posted`;
 * opened more than the agreement's `dispute_window_days` after the CDR was posted ->
 * `dispute_window_closed`; a claimed amount in another currency -> `validation_failed`.
 * (One open dispute per CDR is decided on the CDR's stream: `dispute_already_open`.)
 *
 * AddDisputeEvidence -> DisputeEvidenceAdded, idempotent by evidence id (other text ->
 * `evidence_conflict`); `dispute_unknown`, `dispute_not_party`, `dispute_not_open` (resolved).
 *
 * ResolveDispute -> DisputeResolved; a partner -> `resolution_not_allowed`; the same resolution
 * again -> no events; another one -> `dispute_already_resolved`; `dispute_unknown`; an amount
 * in another currency than the CDR's -> `validation_failed`.
 *
 * Handler recipe (apps/api/src/disputes): read this stream and the CDR's; decide here first
 * (a refusal writes nothing), then decide OpenCdrDispute / ResolveCdrDispute on the CDR's state
 * and append there at its expected revision FIRST, then append here. Concurrent resolutions
 * race on the CDR stream: one posts, the others re-decide on the new state and post nothing.
 */
const DAY_MS = 86_400_000;

export interface OpenDispute {
  readonly type: 'OpenDispute';
  readonly dispute_id: string;
  readonly claim: DisputeClaim;
  /** The currency stated next to `claimed_total_cost`, or null. */
  readonly claimed_currency: string | null;
  readonly actor: DisputeActor;
  /** The disputed CDR as the handler found it, or null when the ledger does not know it. */
  readonly disputed: DisputedCdr | null;
  /** The agreement's dispute window (its version in force now; default 30). */
  readonly dispute_window_days: number;
  readonly opened_at: string;
}

export interface AddDisputeEvidence {
  readonly type: 'AddDisputeEvidence';
  readonly dispute_id: string;
  readonly evidence_id: string;
  readonly text: string;
  readonly actor: DisputeActor;
  readonly added_at: string;
}

export interface ResolveDispute {
  readonly type: 'ResolveDispute';
  readonly dispute_id: string;
  readonly resolution: DisputeResolution;
  readonly currency: string | null;
  readonly actor: DisputeActor;
  /** Derived from the dispute id; recorded for ADJUSTED and VOIDED. */
  readonly transaction_id: string;
  readonly resolved_at: string;
}

export type DisputeCommand = OpenDispute | AddDisputeEvidence | ResolveDispute;

export function initialState(): DisputeState {
  return { opened: null, evidence: [], resolved: null };
}

const canonical = (value: unknown): string => JSON.stringify(value ?? null);

/** Same content: CDRs compared by their stream name (the CDR context's own id comparison). */
function sameClaim(a: DisputeClaim, b: DisputeClaim): boolean {
  return (
    cdrStreamName(a.cdr) === cdrStreamName(b.cdr) &&
    canonical([a.reason, a.description]) === canonical([b.reason, b.description]) &&
    canonical(
      a.claimed_total_cost && [a.claimed_total_cost.excl_vat, a.claimed_total_cost.incl_vat],
    ) ===
      canonical(
        b.claimed_total_cost && [b.claimed_total_cost.excl_vat, b.claimed_total_cost.incl_vat],
      )
  );
}

function sameResolution(a: DisputeResolution, b: DisputeResolution): boolean {
  const fields = (r: DisputeResolution) =>
    canonical([r.outcome, r.total_cost?.excl_vat, r.total_cost?.incl_vat, r.note, r.driver_refund]);
  return fields(a) === fields(b);
}

function assertParty(actor: DisputeActor, parties: readonly DisputedCdr['emsp'][]): void {
  if (actor.kind !== 'partner') return;
  if (!parties.some((party) => party !== null && samePartyId(party, actor.party))) {
    throw new DomainRejection(
      'dispute_not_party',
      "only the CDR's CPO or eMSP, a dispute handler or the admin may do this",
    );
  }
}

function checkCurrency(stated: string | null, currency: string, field: string): void {
  if (stated !== null && stated !== currency) {
    throw invalidField(field, `must be the CDR's currency ${currency}`);
  }
}

function openDispute(command: OpenDispute, state: DisputeState): DisputeEvent[] {
  if (state.opened !== null) {
    // A stranger learns nothing about an existing dispute, not even that its body matches.
    assertParty(command.actor, [state.opened.cpo, state.opened.emsp]);
    if (sameClaim(state.opened, command.claim)) return [];
    throw new DomainRejection(
      'dispute_conflict',
      `dispute ${command.dispute_id} exists with other content`,
    );
  }
  const { disputed } = command;
  if (disputed === null) {
    const { country_code, party_id, cdr_id } = command.claim.cdr;
    throw new DomainRejection('cdr_unknown', `unknown CDR ${country_code}/${party_id}/${cdr_id}`);
  }
  assertParty(command.actor, [disputed.cpo, disputed.emsp]);
  if (disputed.posted_at === null || disputed.credit) {
    throw new DomainRejection(
      'dispute_cdr_not_posted',
      `CDR ${disputed.cdr.cdr_id} is ${disputed.credit ? 'a credit CDR' : 'held'}: only a ` +
        'posted CDR can be disputed',
    );
  }
  const window_end_ms = instantMs(disputed.posted_at) + command.dispute_window_days * DAY_MS;
  if (instantMs(command.opened_at) > window_end_ms) {
    throw new DomainRejection(
      'dispute_window_closed',
      `the dispute window of ${command.dispute_window_days} days after the CDR was posted ` +
        `(${disputed.posted_at}) has closed`,
    );
  }
  checkCurrency(command.claimed_currency, disputed.currency, 'claimed_total_cost.currency');
  return [
    {
      type: 'DisputeOpened',
      data: {
        dispute_id: command.dispute_id,
        ...command.claim,
        cpo: disputed.cpo,
        emsp: disputed.emsp,
        currency: disputed.currency,
        agreement_id: disputed.agreement_id,
        opened_by: command.actor.principal,
        opened_at: command.opened_at,
      },
    },
  ];
}

function opened(state: DisputeState, dispute_id: string) {
  if (state.opened === null) {
    throw new DomainRejection('dispute_unknown', `dispute ${dispute_id} is unknown`);
  }
  return state.opened;
}

function addEvidence(command: AddDisputeEvidence, state: DisputeState): DisputeEvent[] {
  const dispute = opened(state, command.dispute_id);
  assertParty(command.actor, [dispute.cpo, dispute.emsp]);
  const earlier = state.evidence.find((e) => e.evidence_id === command.evidence_id);
  if (earlier !== undefined) {
    if (earlier.text === command.text) return [];
    throw new DomainRejection(
      'evidence_conflict',
      `evidence ${command.evidence_id} exists with other text`,
    );
  }
  if (state.resolved !== null) {
    throw new DomainRejection('dispute_not_open', `dispute ${command.dispute_id} is resolved`);
  }
  const { dispute_id, evidence_id, text, added_at } = command;
  const added_by = command.actor.principal;
  // The CDR's key travels with every event that concerns it (DESIGN.md "Lineage").
  const data = { dispute_id, cdr: dispute.cdr, evidence_id, text, added_by, added_at };
  return [{ type: 'DisputeEvidenceAdded', data }];
}

function resolveDispute(command: ResolveDispute, state: DisputeState): DisputeEvent[] {
  const dispute = opened(state, command.dispute_id);
  if (command.actor.kind === 'partner') {
    throw new DomainRejection(
      'resolution_not_allowed',
      'only a dispute handler or the admin resolves a dispute',
    );
  }
  const { resolution } = command;
  if (state.resolved !== null) {
    if (sameResolution(state.resolved, resolution)) return [];
    throw new DomainRejection(
      'dispute_already_resolved',
      `dispute ${command.dispute_id} was already resolved as ${state.resolved.outcome}`,
    );
  }
  checkCurrency(command.currency, dispute.currency, 'total_cost.currency');
  if (resolution.driver_refund !== null && dispute.emsp === null) {
    throw invalidField('driver_refund', 'the CDR names no eMSP to refund its driver');
  }
  return [
    {
      type: 'DisputeResolved',
      data: {
        dispute_id: command.dispute_id,
        cdr: dispute.cdr,
        emsp: dispute.emsp,
        ...resolution,
        transaction_id: resolution.outcome === 'REJECTED' ? null : command.transaction_id,
        resolved_by: command.actor.principal,
        resolved_at: command.resolved_at,
      },
    },
  ];
}

export function decide(command: DisputeCommand, state: DisputeState): DisputeEvent[] {
  switch (command.type) {
    case 'OpenDispute':
      return openDispute(command, state);
    case 'AddDisputeEvidence':
      return addEvidence(command, state);
    case 'ResolveDispute':
      return resolveDispute(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown dispute command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: DisputeState, event: DisputeEvent): DisputeState {
  switch (event.type) {
    case 'DisputeOpened':
      return { ...state, opened: event.data };
    case 'DisputeEvidenceAdded':
      return { ...state, evidence: [...state.evidence, event.data] };
    case 'DisputeResolved':
      return { ...state, resolved: event.data };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
