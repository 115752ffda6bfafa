import { ciKey } from '#ocpi';
import { ForbiddenException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  Cdr,
  cdrStreamName,
  type CdrEvent,
  type CdrState,
  cdrAssessedContext,
  cdrStatus,
  cdrDisputesOf,
  settledNow,
} from '#cdrs';
import { formatMinorUnits, DomainRejection } from '#ledger';
import type { EventStore } from '#event-store';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

export interface CdrKeyParams {
  readonly country_code: string;
  readonly party_id: string;
  readonly cdr_id: string;
}

/**
 * The CDR as the ledger holds it; `viewer` null means the administrator. With `as_of_ms`, as it
 * stood then: only the events its stream had recorded at or before that moment are folded.
 */
export class GetCdrQuery extends Query<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly viewer: AuthenticatedParty | null,
    readonly as_of_ms: number | null = null,
  ) {
    super();
  }
}

/** Upper bound on the events of one CDR stream (a CDR is a handful of facts). */
const CDR_EVENTS_MAX = 100_000;

/** The CDR's state from the events its stream had recorded at or before `as_of_ms`. */
async function cdrStateAsOf(store: EventStore, stream: string, as_of_ms: number) {
  let state = Cdr.initialState();
  for await (const recorded of store.readStream(stream, { max_count: CDR_EVENTS_MAX })) {
    if (Date.parse(recorded.recorded_at) > as_of_ms) break;
    state = Cdr.evolve(state, { type: recorded.type, data: recorded.data } as CdrEvent);
  }
  return state;
}

@QueryHandler(GetCdrQuery)
export class GetCdrHandler implements IQueryHandler<GetCdrQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, viewer, as_of_ms }: GetCdrQuery): Promise<CdrState> {
    const stream = cdrStreamName({
      country_code: ciKey(key.country_code),
      party_id: ciKey(key.party_id),
      cdr_id: key.cdr_id,
    });
    const state =
      as_of_ms === null
        ? (await loadStream(this.store, stream, Cdr)).state
        : await cdrStateAsOf(this.store, stream, as_of_ms);
    if (state.received === null) {
      const when = as_of_ms === null ? '' : ` as of ${new Date(as_of_ms).toISOString()}`;
      throw new DomainRejection(
        'cdr_unknown',
        `unknown CDR ${key.country_code}/${key.party_id}/${key.cdr_id}${when}`,
      );
    }
    if (viewer !== null && !isPartyToCdr(viewer, state)) {
      throw new ForbiddenException('this CDR is not one the authenticated party is party to');
    }
    return state;
  }
}

/**
 * Who may read a CDR: the CPO that sent it, the eMSP whose token was used, and any party its
 * postings name (a hub that earns a fee on it).
 */
function isPartyToCdr(viewer: AuthenticatedParty, state: CdrState): boolean {
  const cdr = state.received!.cdr;
  const token = (cdr.cdr_token ?? {}) as { country_code?: unknown; party_id?: unknown };
  const same = (country_code: unknown, party_id: unknown) =>
    ciKey(String(country_code)) === viewer.country_code &&
    ciKey(String(party_id)) === viewer.party_id;
  const postings = state.posted?.transaction.postings ?? [];
  return (
    same(cdr.country_code, cdr.party_id) ||
    same(token.country_code, token.party_id) ||
    postings.some((posting) =>
      same(posting.account.party.country_code, posting.account.party.party_id),
    )
  );
}

/** `GET /v1/cdrs/...`: the CDR, its status, the ledger's price and the postings. */
export function cdrLedgerView(state: CdrState) {
  const assessed = cdrAssessedContext(state);
  return {
    cdr: state.received!.cdr,
    status: cdrStatus(state),
    price: assessed?.ledger_price ?? null,
    postings: state.posted?.transaction.postings ?? [],
    transaction_id: state.posted?.transaction.transaction_id ?? null,
    hold:
      state.posted === null && state.held !== null && state.resolved === undefined
        ? { reason: state.held.reason, detail: state.held.detail }
        : null,
    /** What the arrival checks found (holding or only flagging), oldest first. */
    findings: state.findings ?? [],
    /** How a person resolved its hold, or null. */
    resolution: state.resolved ?? null,
    price_difference: state.posted?.price_difference ?? state.held?.price_difference ?? null,
    context: assessed,
    ...cdrDisputesView(state),
  };
}

/**
 * The CDR's disputes (open and resolved) and the adjustments their resolutions posted; the
 * amount settled now (posting plus adjustments). Absent figures are null for a held CDR.
 */
function cdrDisputesView(state: CdrState) {
  const currency = state.received!.cdr.currency;
  const disputes = cdrDisputesOf(state);
  const now = settledNow(state);
  return {
    settled_amount: now === null ? null : formatMinorUnits(now.amount_minor, currency),
    disputes: [
      ...disputes.resolutions.map((r) => ({
        id: r.dispute_id,
        status: 'RESOLVED',
        outcome: r.outcome,
        resolved_at: r.resolved_at,
      })),
      ...(disputes.open_dispute_id === null
        ? []
        : [{ id: disputes.open_dispute_id, status: 'OPEN', outcome: null, resolved_at: null }]),
    ],
    adjustments: disputes.resolutions.flatMap(({ dispute_id, outcome, adjustment }) =>
      adjustment === null
        ? []
        : [
            {
              dispute_id,
              outcome,
              transaction_id: adjustment.transaction.transaction_id,
              amount: formatMinorUnits(BigInt(adjustment.amount_minor), currency),
              settled_amount: formatMinorUnits(BigInt(adjustment.settled_amount_minor), currency),
              posted_at: adjustment.posted_at,
              postings: adjustment.transaction.postings,
            },
          ],
    ),
  };
}
