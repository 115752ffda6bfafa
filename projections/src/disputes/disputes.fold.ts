import type { RecordedEvent } from '#event-store';
import { isEventOf, unhandledEvent, type EventOf } from '#event-schemas';
import type { DisputeOpenedData, DisputeResolvedData } from '#disputes';
import { partyKey } from '#ledger';

/**
 * The disputes fold, pure: a row per dispute (listed for its CPO and eMSP), its status changed
 * to RESOLVED by its resolution. Every other event adds nothing.
 */
export interface DisputeSummary {
  readonly id: string;
  readonly status: 'OPEN' | 'RESOLVED';
  readonly cdr: DisputeOpenedData['cdr'];
  readonly reason: DisputeOpenedData['reason'];
  readonly claimed_total_cost: DisputeOpenedData['claimed_total_cost'];
  readonly currency: string;
  readonly opened_by: string;
  readonly opened_at: string;
  readonly outcome: DisputeResolvedData['outcome'] | null;
  readonly resolved_at: string | null;
}

export type DisputeRow =
  | { readonly kind: 'opened'; readonly summary: DisputeSummary; readonly parties: string[] }
  | {
      readonly kind: 'resolved';
      readonly dispute_id: string;
      readonly outcome: DisputeResolvedData['outcome'];
      readonly resolved_at: string;
    };

export const DISPUTE_EVENT_TYPES = ['DisputeOpened', 'DisputeResolved'] as const;

/** An event the disputes fold reads. */
type DisputesEvent = EventOf<(typeof DISPUTE_EVENT_TYPES)[number]>;

/** The rows of any event: none for a type the projection does not read. */
export function disputeRowsOf(event: Pick<RecordedEvent, 'type' | 'data'>): DisputeRow[] {
  return isEventOf(DISPUTE_EVENT_TYPES, event) ? rowsOfDisputeEvent(event) : [];
}

function rowsOfDisputeEvent(event: DisputesEvent): DisputeRow[] {
  switch (event.type) {
    case 'DisputeOpened': {
      const { data } = event;
      const parties = [partyKey(data.cpo), ...(data.emsp === null ? [] : [partyKey(data.emsp)])];
      const summary: DisputeSummary = {
        id: data.dispute_id,
        status: 'OPEN',
        cdr: data.cdr,
        reason: data.reason,
        claimed_total_cost: data.claimed_total_cost,
        currency: data.currency,
        opened_by: data.opened_by,
        opened_at: data.opened_at,
        outcome: null,
        resolved_at: null,
      };
      return [{ kind: 'opened', summary, parties: [...new Set(parties)] }];
    }
    case 'DisputeResolved': {
      const { dispute_id, outcome, resolved_at } = event.data;
      return [{ kind: 'resolved', dispute_id, outcome, resolved_at }];
    }
    default:
      return unhandledEvent(event);
  }
}
