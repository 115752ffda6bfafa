import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseSync } from 'node:sqlite';
import { RECONCILIATION_DEFAULTS, type ReconciliationTerms } from '#agreements';
import type { EventStore } from '#event-store';
import {
  Exception,
  exceptionIdOf,
  exceptionStreamName,
  missingCdrDue,
  stuckSessionDue,
  type ExceptionDetectedData,
  type ExceptionType,
} from '#exceptions';
import { type JsonObject, ciKey } from '#ocpi';
import {
  amountOf,
  EXCEPTIONS_PROJECTION,
  ExceptionQueries,
  type SessionCandidate,
  ProjectionRunner,
} from '#projections';
import { CdrContextLookup } from '../cdrs/cdr-context.service.js';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import {
  READ_AFTER_WRITE_TIMEOUT_MS,
  ReadModelsBehind,
} from '../projections/read-after-write.service.js';

/**
 * Bounded work per run: at most this many candidate sessions are examined per check (oldest
 * first); what is left is examined by the next run.
 */
const CANDIDATES_PER_RUN_MAX = 1000;

export interface ReconciliationRun {
  readonly as_of: string;
  /** New exceptions raised by this run, per type (detecting twice raises nothing new). */
  readonly detected: Readonly<Record<'MISSING_CDR' | 'STUCK_SESSION', number>>;
  /** Candidate sessions examined per check. */
  readonly examined: Readonly<Record<'MISSING_CDR' | 'STUCK_SESSION', number>>;
  /** True when a check hit CANDIDATES_PER_RUN_MAX: run again for the rest. */
  readonly more: boolean;
}

/**
 * The time-based checks (MISSING_CDR, STUCK_SESSION) over the sessions the exception queue
 * knows: each due session is judged with the thresholds of its agreement (in force at the
 * session start; defaults without one) and raised as ExceptionDetected on `exception-{id}`,
 * whose id derives from the session (and, when stuck, its last update).
 */
@Injectable()
export class ReconciliationService {
  private readonly queries: ExceptionQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) db: DatabaseSync,
    private readonly runner: ProjectionRunner,
    private readonly lookup: CdrContextLookup,
  ) {
    this.queries = new ExceptionQueries(db);
  }

  async run(as_of: string, context: RequestContext): Promise<ReconciliationRun> {
    const head = await this.store.headPosition();
    const reached = await this.runner.waitForPosition(head, READ_AFTER_WRITE_TIMEOUT_MS, [
      EXCEPTIONS_PROJECTION,
    ]);
    if (!reached) throw new ReadModelsBehind();
    const as_of_ms = Date.parse(as_of);
    const missing = this.queries.missingCdrCandidates(as_of_ms, CANDIDATES_PER_RUN_MAX);
    const stuck = this.queries.stuckSessionCandidates(as_of_ms, CANDIDATES_PER_RUN_MAX);
    let missing_detected = 0;
    for (const candidate of missing) {
      const terms = await this.termsOf(candidate.session);
      if (!missingCdrDue(candidate, terms, as_of_ms)) continue;
      if (await this.detect('MISSING_CDR', candidate, terms, as_of, context)) missing_detected += 1;
    }
    let stuck_detected = 0;
    for (const candidate of stuck) {
      const terms = await this.termsOf(candidate.session);
      if (!stuckSessionDue(candidate, terms, as_of_ms)) continue;
      if (await this.detect('STUCK_SESSION', candidate, terms, as_of, context)) stuck_detected += 1;
    }
    return {
      as_of,
      detected: { MISSING_CDR: missing_detected, STUCK_SESSION: stuck_detected },
      examined: { MISSING_CDR: missing.length, STUCK_SESSION: stuck.length },
      more: missing.length >= CANDIDATES_PER_RUN_MAX || stuck.length >= CANDIDATES_PER_RUN_MAX,
    };
  }

  private async termsOf(session: JsonObject): Promise<ReconciliationTerms & { id: string | null }> {
    const cpo = partyOf(session);
    const emsp = partyOf(session.cdr_token);
    if (cpo === null || emsp === null) return { ...RECONCILIATION_DEFAULTS, id: null };
    const agreement = await this.lookup.agreementAt(cpo, emsp, String(session.start_date_time));
    if (agreement === null) return { ...RECONCILIATION_DEFAULTS, id: null };
    return { ...agreement, id: agreement.agreement_id };
  }

  private async detect(
    type: Extract<ExceptionType, 'MISSING_CDR' | 'STUCK_SESSION'>,
    candidate: SessionCandidate,
    terms: ReconciliationTerms & { id: string | null },
    as_of: string,
    context: RequestContext,
  ): Promise<boolean> {
    const { session } = candidate;
    const key = {
      country_code: String(session.country_code),
      party_id: String(session.party_id),
      id: String(session.id),
    };
    const last_updated = String(session.last_updated);
    const exception_id = exceptionIdOf(
      type,
      'session',
      key,
      type === 'STUCK_SESSION' ? last_updated : '',
    );
    const details =
      type === 'MISSING_CDR'
        ? {
            end_date_time: new Date(candidate.end_ms!).toISOString(),
            cdr_deadline_hours: terms.cdr_deadline_hours,
            as_of,
            status: session.status ?? null,
            kwh: session.kwh ?? null,
          }
        : {
            last_updated,
            stuck_session_hours: terms.stuck_session_hours,
            as_of,
            status: session.status ?? null,
            kwh: session.kwh ?? null,
          };
    const detection: ExceptionDetectedData = {
      exception_id,
      type,
      subject: { session: key },
      party: partyOf(session)!,
      emsp: partyOf(session.cdr_token),
      agreement_id: terms.id,
      amount_at_risk: amountOf(session.total_cost, session.currency),
      details,
      detected_by: context.principal,
      detected_at: context.received_at,
    };
    const outcome = await runCommand({
      store: this.store,
      stream: exceptionStreamName(exception_id),
      decider: Exception,
      command: { type: 'DetectException', detection },
      context,
      occurred_at: as_of,
    });
    return outcome.events.length > 0;
  }
}

function partyOf(value: unknown): { country_code: string; party_id: string } | null {
  const party = value as { country_code?: unknown; party_id?: unknown } | null | undefined;
  if (typeof party?.country_code !== 'string' || typeof party.party_id !== 'string') return null;
  return { country_code: ciKey(party.country_code), party_id: ciKey(party.party_id) };
}
