import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import { ForbiddenException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as Cdr from '../../../../libs/cdrs/src/cdr.decider.js';
import { cdrStreamName, type CdrState } from '../../../../libs/cdrs/src/cdr.js';
import { cdrAssessedContext, cdrStatus } from '../../../../libs/cdrs/src/cdr-queries.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { DomainRejection } from '../../../../libs/ledger/src/domain-rejection.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

export interface CdrKeyParams {
  readonly country_code: string;
  readonly party_id: string;
  readonly cdr_id: string;
}

/** The CDR as the ledger holds it; `viewer` null means the administrator. */
export class GetCdrQuery extends Query<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly viewer: AuthenticatedParty | null,
  ) {
    super();
  }
}

@QueryHandler(GetCdrQuery)
export class GetCdrHandler implements IQueryHandler<GetCdrQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, viewer }: GetCdrQuery): Promise<CdrState> {
    const stream = cdrStreamName({
      country_code: ciKey(key.country_code),
      party_id: ciKey(key.party_id),
      cdr_id: key.cdr_id,
    });
    const { state } = await loadStream(this.store, stream, Cdr);
    if (state.received === null) {
      throw new DomainRejection(
        'cdr_unknown',
        `unknown CDR ${key.country_code}/${key.party_id}/${key.cdr_id}`,
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
  };
}
