import type { ReconciliationTerms } from '#agreements';

/**
 * The time-based checks, pure: whether a session the queue knows is due as MISSING_CDR (ended
 * more than `cdr_deadline_hours` before `as_of`, no CDR) or STUCK_SESSION (not ended, its own
 * `last_updated` more than `stuck_session_hours` before `as_of`). The thresholds are those of
 * the agreement in force at the session's start (defaults without one).
 */
export interface SessionFacts {
  readonly ended: boolean;
  readonly has_cdr: boolean;
  /** The session's end (`end_date_time`, else its last update once COMPLETED), ms; or null. */
  readonly end_ms: number | null;
  readonly last_updated_ms: number;
}

const HOUR_MS = 3_600_000;

export function missingCdrDue(
  session: SessionFacts,
  terms: ReconciliationTerms,
  as_of_ms: number,
): boolean {
  if (!session.ended || session.has_cdr || session.end_ms === null) return false;
  return as_of_ms - session.end_ms > terms.cdr_deadline_hours * HOUR_MS;
}

export function stuckSessionDue(
  session: SessionFacts,
  terms: ReconciliationTerms,
  as_of_ms: number,
): boolean {
  if (session.ended) return false;
  return as_of_ms - session.last_updated_ms > terms.stuck_session_hours * HOUR_MS;
}
