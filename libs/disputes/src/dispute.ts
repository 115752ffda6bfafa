import type { DisputeOutcome, TotalCost } from '#cdrs';
import type { CdrReference, PartyId } from '#ledger';

export type { DisputeOutcome, TotalCost };

/**
 * A dispute about one posted CDR: its own stream, `dispute-{id}` (opened, evidence, resolved).
 * Its money is decided on the CDR's stream (libs/cdrs `cdr-disputes.ts`): the resolution of an
 * ADJUSTED or VOIDED dispute posts there one compensating transaction whose id derives from the
 * dispute id; the CDR's original posting and any closed statement never change.
 */
export const DISPUTE_REASONS = [
  'PRICE',
  'ENERGY',
  'DUPLICATE',
  'VAT',
  'NOT_AUTHORIZED',
  'OTHER',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export const DISPUTE_OUTCOMES = ['REJECTED', 'ADJUSTED', 'VOIDED'] as const;

export const DISPUTE_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_STREAM_PREFIX = 'dispute-';

export function disputeStreamName(dispute_id: string): string {
  return `${DISPUTE_STREAM_PREFIX}${dispute_id}`;
}

/**
 * Who acts: a partner with its OCPI token, a dispute handler (principal), or the admin.
 * `principal` is the metadata form (`partner:DE/ABC`, `principal:handler-1`, `admin`).
 */
export type DisputeActor =
  | { readonly kind: 'partner'; readonly party: PartyId; readonly principal: string }
  | { readonly kind: 'dispute_handler'; readonly principal: string }
  | { readonly kind: 'admin'; readonly principal: string };

/** What the handler looked up about the disputed CDR before deciding. */
export interface DisputedCdr {
  readonly cdr: CdrReference;
  readonly cpo: PartyId;
  /** The eMSP of its token (cdr_token), or null when the CDR names none. */
  readonly emsp: PartyId | null;
  readonly currency: string;
  readonly agreement_id: string | null;
  /** When it was posted; null when held (not disputable). */
  readonly posted_at: string | null;
  readonly credit: boolean;
}

/** The content of an opening: what makes a repeated POST "the same body". */
export interface DisputeClaim {
  readonly cdr: CdrReference;
  readonly reason: DisputeReason;
  readonly claimed_total_cost: TotalCost | null;
  readonly description: string | null;
}

export interface DisputeOpenedData extends DisputeClaim {
  readonly dispute_id: string;
  readonly cpo: PartyId;
  readonly emsp: PartyId | null;
  readonly currency: string;
  readonly agreement_id: string | null;
  readonly opened_by: string;
  readonly opened_at: string;
}

export interface DisputeEvidenceAddedData {
  readonly dispute_id: string;
  /** The disputed CDR, for its lineage (absent in events written before it was carried). */
  readonly cdr?: CdrReference;
  readonly evidence_id: string;
  readonly text: string;
  readonly added_by: string;
  readonly added_at: string;
}

/** The content of a resolution: what makes a repeated POST "the same resolution". */
export interface DisputeResolution {
  readonly outcome: DisputeOutcome;
  /** Only with ADJUSTED. */
  readonly total_cost: TotalCost | null;
  readonly note: string | null;
  /** Refund to the driver incl. VAT (decimal), credited at the eMSP's next driver close. */
  readonly driver_refund: string | null;
}

export interface DisputeResolvedData extends DisputeResolution {
  readonly dispute_id: string;
  readonly cdr: CdrReference;
  /** The CDR's eMSP: the issuer of a driver refund's credit note. */
  readonly emsp: PartyId | null;
  /** The compensating transaction (ADJUSTED, VOIDED), or null (REJECTED). */
  readonly transaction_id: string | null;
  readonly resolved_by: string;
  readonly resolved_at: string;
}

export type DisputeOpened = { readonly type: 'DisputeOpened'; readonly data: DisputeOpenedData };
export type DisputeEvidenceAdded = {
  readonly type: 'DisputeEvidenceAdded';
  readonly data: DisputeEvidenceAddedData;
};
export type DisputeResolved = {
  readonly type: 'DisputeResolved';
  readonly data: DisputeResolvedData;
};
export type DisputeEvent = DisputeOpened | DisputeEvidenceAdded | DisputeResolved;

export interface DisputeState {
  readonly opened: DisputeOpenedData | null;
  readonly evidence: readonly DisputeEvidenceAddedData[];
  readonly resolved: DisputeResolvedData | null;
}

export function disputeStatus(state: DisputeState): DisputeStatus | null {
  if (state.opened === null) return null;
  return state.resolved === null ? 'OPEN' : 'RESOLVED';
}
