import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ExceptionStatus, ExceptionType } from '#exceptions';
import type { JsonObject } from '#ocpi';
import type { QueuedException, Resolution } from './exceptions.fold.js';

/** Largest page of `GET /v1/exceptions`. */
export const EXCEPTIONS_PAGE_MAX = 500;
/** Upper bound on the open exceptions one statement lists. */
export const LEAKAGE_EXCEPTIONS_MAX = 10_000;

export interface ExceptionRow extends QueuedException {
  readonly status: ExceptionStatus;
  readonly resolution: Resolution | null;
  /** The paging cursor: detection order. */
  readonly row_id: bigint;
}

export interface ExceptionFilter {
  readonly status?: ExceptionStatus;
  readonly type?: ExceptionType;
  /** `CC/PID`: only the exceptions this party is CPO or eMSP of. */
  readonly party?: string;
}

export interface SessionCandidate {
  readonly session_key: string;
  readonly session: JsonObject;
  readonly has_cdr: boolean;
  readonly ended: boolean;
  readonly end_ms: number | null;
  readonly last_updated_ms: number;
}

const COLUMNS = 'row_id, status, exception_json, resolution_json';

const QUERIES_SQL = {
  by_id: `SELECT ${COLUMNS} FROM exc_exceptions WHERE exception_id = ?`,
  open_of_agreement:
    `SELECT ${COLUMNS} FROM exc_exceptions WHERE agreement_id = ? AND status = 'OPEN' ` +
    'ORDER BY row_id LIMIT ?',
  missing_candidates:
    'SELECT session_key, session_json, has_cdr, ended, end_ms, last_updated_ms FROM exc_sessions ' +
    'WHERE ended = 1 AND has_cdr = 0 AND missing_detected = 0 AND end_ms < ? ' +
    'ORDER BY end_ms, session_key LIMIT ?',
  stuck_candidates:
    'SELECT session_key, session_json, has_cdr, ended, end_ms, last_updated_ms FROM exc_sessions ' +
    'WHERE ended = 0 AND session_json IS NOT NULL AND last_updated_ms < ? ' +
    'AND (stuck_detected_ms IS NULL OR stuck_detected_ms <> last_updated_ms) ' +
    'ORDER BY last_updated_ms, session_key LIMIT ?',
} as const;

interface Row {
  row_id: bigint;
  status: string;
  exception_json: string;
  resolution_json: string | null;
}

function exceptionOf(row: Row): ExceptionRow {
  return {
    ...(JSON.parse(row.exception_json) as QueuedException),
    status: row.status as ExceptionStatus,
    resolution:
      row.resolution_json === null ? null : (JSON.parse(row.resolution_json) as Resolution),
    row_id: row.row_id,
  };
}

/** Reads of the exception queue (see exceptions.projection.ts). */
export class ExceptionQueries {
  private readonly sql;
  private readonly lists = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {
    this.sql = prepareAll(db);
  }

  byId(exception_id: string): ExceptionRow | null {
    const row = this.sql.by_id.get(exception_id) as Row | undefined;
    return row === undefined ? null : exceptionOf(row);
  }

  /** Oldest first (a queue), after the cursor row; `limit + 1` tells whether a page follows. */
  list(filter: ExceptionFilter, limit: number, after_row: bigint | null): ExceptionRow[] {
    const where: string[] = ['row_id > ?'];
    const values: (string | bigint | number)[] = [after_row ?? 0n];
    if (filter.status !== undefined) {
      where.push('status = ?');
      values.push(filter.status);
    }
    if (filter.type !== undefined) {
      where.push('type = ?');
      values.push(filter.type);
    }
    if (filter.party !== undefined) {
      where.push('(cpo = ? OR emsp = ?)');
      values.push(filter.party, filter.party);
    }
    const sql = `SELECT ${COLUMNS} FROM exc_exceptions WHERE ${where.join(' AND ')} ORDER BY row_id LIMIT ?`;
    let statement = this.lists.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      statement.setReadBigInts(true);
      this.lists.set(sql, statement);
    }
    return (statement.all(...values, limit) as unknown as Row[]).map(exceptionOf);
  }

  /** The open exceptions of an agreement (a statement's leakage section), oldest first. */
  openOfAgreement(agreement_id: string): ExceptionRow[] {
    const rows = this.sql.open_of_agreement.all(
      agreement_id,
      LEAKAGE_EXCEPTIONS_MAX,
    ) as unknown as Row[];
    return rows.map(exceptionOf);
  }

  /** Ended sessions without CDR nor MISSING_CDR, ended before `before_ms`, oldest first. */
  missingCdrCandidates(before_ms: number, limit: number): SessionCandidate[] {
    return this.candidates(this.sql.missing_candidates, before_ms, limit);
  }

  /** Sessions not ended, last updated before `before_ms`, not flagged at that update. */
  stuckSessionCandidates(before_ms: number, limit: number): SessionCandidate[] {
    return this.candidates(this.sql.stuck_candidates, before_ms, limit);
  }

  private candidates(statement: StatementSync, before_ms: number, limit: number) {
    const rows = statement.all(before_ms, limit) as {
      session_key: string;
      session_json: string;
      has_cdr: number;
      ended: number;
      end_ms: number | null;
      last_updated_ms: number;
    }[];
    return rows.map((row) => ({
      session_key: row.session_key,
      session: JSON.parse(row.session_json) as JsonObject,
      has_cdr: row.has_cdr === 1,
      ended: row.ended !== 0,
      end_ms: row.end_ms,
      last_updated_ms: row.last_updated_ms,
    }));
  }
}

function prepareAll(db: DatabaseSync) {
  const prepared = {} as Record<keyof typeof QUERIES_SQL, StatementSync>;
  for (const name of Object.keys(QUERIES_SQL) as (keyof typeof QUERIES_SQL)[]) {
    prepared[name] = db.prepare(QUERIES_SQL[name]);
  }
  prepared.by_id.setReadBigInts(true);
  prepared.open_of_agreement.setReadBigInts(true);
  return prepared;
}
