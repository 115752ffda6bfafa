import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import type { JsonObject } from '#ocpi';
import type { Projection, ProjectionWriter } from '../projection.js';
import { prepareStatements } from '../read-model-statements.js';
import {
  EXCEPTION_EVENT_TYPES,
  exceptionChangesOf,
  partyKey,
  type CdrFacts,
  type ExceptionChange,
  type QueuedException,
  type Resolution,
} from './exceptions.fold.js';

/**
 * The exception queue (`GET /v1/exceptions`) and the facts of the time-based checks. Tables:
 * - `exc_exceptions`: one row per exception in detection order (`row_id`: the paging cursor),
 *   its status and resolution, indexed by status / type, CPO, eMSP, subject and agreement;
 * - `exc_cdrs`: per CDR, the parties, agreement and amount its exceptions carry;
 * - `exc_sessions`: per session stream, the merged session, whether it ended, its last update,
 *   whether a CDR names it: the candidates of MISSING_CDR and STUCK_SESSION.
 */
export const EXCEPTIONS_PROJECTION = 'exceptions';

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS exc_exceptions (
    row_id INTEGER PRIMARY KEY,
    exception_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    cpo TEXT NOT NULL,
    emsp TEXT,
    agreement_id TEXT,
    subject_key TEXT NOT NULL,
    holds_cdr INTEGER NOT NULL,
    exception_json TEXT NOT NULL,
    resolution_json TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS exc_by_subject ON exc_exceptions (subject_key, status);
  CREATE TABLE IF NOT EXISTS exc_cdrs (
    cdr_key TEXT PRIMARY KEY,
    facts_json TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS exc_sessions (
    session_key TEXT PRIMARY KEY,
    session_json TEXT,
    has_cdr INTEGER NOT NULL DEFAULT 0,
    ended INTEGER NOT NULL DEFAULT 0,
    end_ms INTEGER,
    last_updated_ms INTEGER,
    missing_detected INTEGER NOT NULL DEFAULT 0,
    stuck_detected_ms INTEGER
  ) STRICT, WITHOUT ROWID;
`;

/** Secondary indexes only queries and reconciliation runs use (the writer reads by subject
 * and by primary key): dropped for a rebuild's bulk load and built once at its end. */
const QUERY_INDEXES_SQL = `
  CREATE INDEX IF NOT EXISTS exc_by_status ON exc_exceptions (status, type, row_id);
  CREATE INDEX IF NOT EXISTS exc_by_cpo ON exc_exceptions (cpo, row_id);
  CREATE INDEX IF NOT EXISTS exc_by_emsp ON exc_exceptions (emsp, row_id);
  CREATE INDEX IF NOT EXISTS exc_by_agreement ON exc_exceptions (agreement_id, status, row_id);
  CREATE INDEX IF NOT EXISTS exc_sessions_ended ON exc_sessions (ended, has_cdr, end_ms);
  CREATE INDEX IF NOT EXISTS exc_sessions_active ON exc_sessions (ended, last_updated_ms);
`;

const QUERY_INDEXES = [
  'exc_by_status',
  'exc_by_cpo',
  'exc_by_emsp',
  'exc_by_agreement',
  'exc_sessions_ended',
  'exc_sessions_active',
] as const;

export const exceptionsProjection: Projection = {
  name: EXCEPTIONS_PROJECTION,
  version: 1,
  event_types: EXCEPTION_EVENT_TYPES,
  createSchema(db) {
    db.exec(TABLES_SQL + QUERY_INDEXES_SQL);
  },
  dropSchema(db) {
    db.exec(
      'DROP TABLE IF EXISTS exc_exceptions; DROP TABLE IF EXISTS exc_cdrs; ' +
        'DROP TABLE IF EXISTS exc_sessions;',
    );
  },
  bulkLoadStart(db) {
    db.exec(QUERY_INDEXES.map((index) => `DROP INDEX IF EXISTS ${index};`).join(' '));
  },
  bulkLoadEnd(db) {
    db.exec(QUERY_INDEXES_SQL);
  },
  writer(db) {
    return new ExceptionsWriter(db);
  },
};

const WRITER_SQL = {
  select_facts: 'SELECT facts_json FROM exc_cdrs WHERE cdr_key = ?',
  upsert_facts:
    'INSERT INTO exc_cdrs (cdr_key, facts_json) VALUES (?, ?) ' +
    'ON CONFLICT (cdr_key) DO UPDATE SET facts_json = excluded.facts_json',
  select_session: 'SELECT session_json, has_cdr FROM exc_sessions WHERE session_key = ?',
  session_cdr:
    'INSERT INTO exc_sessions (session_key, has_cdr) VALUES (?, 1) ' +
    'ON CONFLICT (session_key) DO UPDATE SET has_cdr = 1',
  upsert_session:
    'INSERT INTO exc_sessions (session_key, session_json, ended, end_ms, last_updated_ms) ' +
    'VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_key) DO UPDATE SET ' +
    'session_json = excluded.session_json, ended = excluded.ended, end_ms = excluded.end_ms, ' +
    'last_updated_ms = excluded.last_updated_ms',
  mark_missing: 'UPDATE exc_sessions SET missing_detected = 1 WHERE session_key = ?',
  mark_stuck: 'UPDATE exc_sessions SET stuck_detected_ms = last_updated_ms WHERE session_key = ?',
  insert_exception:
    'INSERT OR IGNORE INTO exc_exceptions (exception_id, type, status, cpo, emsp, agreement_id, ' +
    "subject_key, holds_cdr, exception_json) VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)",
  select_exception: 'SELECT exception_json FROM exc_exceptions WHERE exception_id = ?',
  update_json:
    "UPDATE exc_exceptions SET exception_json = ? WHERE exception_id = ? AND status = 'OPEN'",
  resolve:
    "UPDATE exc_exceptions SET status = 'RESOLVED', resolution_json = ? " +
    "WHERE exception_id = ? AND status = 'OPEN'",
  open_of_subject:
    "SELECT exception_id, type, holds_cdr FROM exc_exceptions WHERE subject_key = ? AND status = 'OPEN' " +
    'ORDER BY row_id',
} as const;

class ExceptionsWriter implements ProjectionWriter {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL);
  }

  apply(events: readonly RecordedEvent[]): void {
    const factsOf = (cdr_key: string): CdrFacts | null => {
      const row = this.sql.select_facts.get(cdr_key) as { facts_json: string } | undefined;
      return row === undefined ? null : (JSON.parse(row.facts_json) as CdrFacts);
    };
    const sessionOf = (session_key: string): JsonObject | null => {
      const row = this.sql.select_session.get(session_key) as
        { session_json: string | null } | undefined;
      return row?.session_json ? (JSON.parse(row.session_json) as JsonObject) : null;
    };
    for (const event of events) {
      for (const change of exceptionChangesOf(event, factsOf, sessionOf)) this.applyChange(change);
    }
  }

  private applyChange(change: ExceptionChange): void {
    switch (change.kind) {
      case 'cdr_facts':
        this.sql.upsert_facts.run(change.cdr_key, JSON.stringify(change.facts));
        return;
      case 'session_cdr':
        this.sql.session_cdr.run(change.session_key);
        return;
      case 'session': {
        const { row } = change;
        const json = JSON.stringify(row.session);
        this.sql.upsert_session.run(
          row.session_key,
          json,
          row.ended,
          row.end_ms,
          row.last_updated_ms,
        );
        return;
      }
      case 'raise':
        this.raise(change.exception, change.subject_key);
        return;
      case 'reraise': {
        const row = this.sql.select_exception.get(change.exception_id) as
          { exception_json: string } | undefined;
        if (row === undefined) return;
        const exception = { ...(JSON.parse(row.exception_json) as QueuedException) };
        const json = JSON.stringify({ ...exception, details: change.details });
        this.sql.update_json.run(json, change.exception_id);
        return;
      }
      case 'resolve_subject':
        this.resolveSubject(change.subject_key, change.which, change.resolution);
        return;
      case 'resolve':
        this.sql.resolve.run(JSON.stringify(change.resolution), change.exception_id);
        return;
      default: {
        const _exhaustive: never = change;
        return;
      }
    }
  }

  private raise(exception: QueuedException, subject_key: string): void {
    this.sql.insert_exception.run(
      exception.exception_id,
      exception.type,
      partyKey(exception.party),
      exception.emsp === null ? null : partyKey(exception.emsp),
      exception.agreement_id,
      subject_key,
      exception.holds_cdr ? 1 : 0,
      JSON.stringify(exception),
    );
    if (exception.type === 'STUCK_SESSION') this.sql.mark_stuck.run(subject_key);
    if (exception.type !== 'MISSING_CDR') return;
    this.sql.mark_missing.run(subject_key);
    // The CDR arrived between the check's read and this detection: resolved by that CDR.
    const session = this.sql.select_session.get(subject_key) as { has_cdr: number } | undefined;
    if (session?.has_cdr === 1) {
      const resolution: Resolution = {
        kind: 'CDR_RECEIVED',
        note: 'a CDR of the session had arrived',
        resolved_by: null,
        resolved_at: exception.detected_at,
      };
      this.sql.resolve.run(JSON.stringify(resolution), exception.exception_id);
    }
  }

  private resolveSubject(subject_key: string, which: string, resolution: Resolution): void {
    const open = this.sql.open_of_subject.all(subject_key) as {
      exception_id: string;
      type: string;
      holds_cdr: number;
    }[];
    for (const row of open) {
      const matches = which === 'holding' ? row.holds_cdr === 1 : row.type === which;
      if (matches) this.sql.resolve.run(JSON.stringify(resolution), row.exception_id);
    }
  }

  assertInvariants(): void {}
}
