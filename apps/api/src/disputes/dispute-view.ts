import { ForbiddenException } from '@nestjs/common';
import { cdrDisputesOf } from '#cdrs';
import {
  Dispute,
  type DisputeEvent,
  disputeStatus,
  disputeStreamName,
  type DisputeState,
} from '#disputes';
import type { EventStore } from '#event-store';
import { DomainRejection, formatMinorUnits, samePartyId } from '#ledger';
import { seesAllParties } from '../auth/auth.guards.js';
import type { LedgerRequest } from '../http/request-context.js';
import { loadCdr } from './dispute-streams.js';

/** Upper bound on the events of one dispute stream (opened, evidence, resolved). */
const DISPUTE_EVENTS_MAX = 10_000;

interface HistoryEntry {
  readonly type: string;
  readonly revision: string;
  readonly recorded_at: string;
  readonly principal: unknown;
  readonly data: unknown;
}

async function readDispute(store: EventStore, dispute_id: string) {
  let state = Dispute.initialState();
  const history: HistoryEntry[] = [];
  const stream = disputeStreamName(dispute_id);
  for await (const recorded of store.readStream(stream, { max_count: DISPUTE_EVENTS_MAX })) {
    state = Dispute.evolve(state, { type: recorded.type, data: recorded.data } as DisputeEvent);
    history.push({
      type: recorded.type,
      revision: recorded.revision.toString(),
      recorded_at: recorded.recorded_at,
      principal: (recorded.metadata as { principal?: unknown }).principal ?? null,
      data: recorded.data,
    });
  }
  return { state, history };
}

/** 403 unless the caller sees every party or is the dispute's CPO or eMSP. */
function assertMayRead(request: LedgerRequest, state: DisputeState): void {
  if (seesAllParties(request)) return;
  const viewer = request.partner;
  const opened = state.opened!;
  const parties = [opened.cpo, opened.emsp];
  if (!viewer || !parties.some((party) => party !== null && samePartyId(party, viewer))) {
    throw new ForbiddenException("only the CDR's CPO or eMSP may read this dispute");
  }
}

/**
 * `GET /v1/disputes/{id}`: the dispute, its evidence and resolution, the compensating
 * transaction it posted on the CDR, and its history (every event, oldest first, with who).
 */
export async function disputeView(store: EventStore, dispute_id: string, request: LedgerRequest) {
  const { state, history } = await readDispute(store, dispute_id);
  if (state.opened === null) {
    throw new DomainRejection('dispute_unknown', `dispute ${dispute_id} is unknown`);
  }
  assertMayRead(request, state);
  const opened = state.opened;
  const cdr = await loadCdr(store, opened.cdr);
  const resolution = cdrDisputesOf(cdr.state).resolutions.find((r) => r.dispute_id === dispute_id);
  const adjustment = resolution?.adjustment ?? null;
  const { dispute_id: id, ...opening } = opened;
  return {
    dispute: {
      id,
      status: disputeStatus(state),
      ...opening,
      evidence: state.evidence.map(({ dispute_id: _d, evidence_id, ...rest }) => ({
        id: evidence_id,
        ...rest,
      })),
      resolution:
        state.resolved === null
          ? null
          : (({ dispute_id: _d, cdr: _c, ...rest }) => rest)(state.resolved),
      transaction_id: state.resolved?.transaction_id ?? null,
      adjustment:
        adjustment === null
          ? null
          : {
              transaction_id: adjustment.transaction.transaction_id,
              amount: formatMinorUnits(BigInt(adjustment.amount_minor), opened.currency),
              settled_amount: formatMinorUnits(
                BigInt(adjustment.settled_amount_minor),
                opened.currency,
              ),
              posted_at: adjustment.posted_at,
              postings: adjustment.transaction.postings,
            },
      history,
    },
  };
}
