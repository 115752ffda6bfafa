import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * One SQLite file holds the whole log. `position` is the rowid, so the global order is the
 * insertion order and reading "after position p" is a primary-key range scan. Rows are never
 * updated or deleted, which is what keeps rowids increasing without AUTOINCREMENT.
 */
const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream, revision);
  CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
`;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if needed) the file with the durability the port promises: WAL with
 * synchronous=FULL fsyncs the WAL on every commit, so an append is durable once it resolves. */
export function openEventsDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  // Two processes may create the schema at the same time; the write lock serialises them.
  db.exec(`BEGIN IMMEDIATE; ${SCHEMA_SQL} COMMIT;`);
  return db;
}

const EVENT_COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at, hash';

export interface EventRow {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly hash: string;
}

/** Every statement the adapter runs, prepared once per connection. */
export class EventStatements {
  readonly begin: StatementSync;
  readonly commit: StatementSync;
  readonly rollback: StatementSync;
  readonly savepoint: StatementSync;
  readonly release: StatementSync;
  readonly rollbackToSavepoint: StatementSync;
  readonly lastInStream: StatementSync;
  readonly byId: StatementSync;
  readonly streamForwards: StatementSync;
  readonly streamBackwards: StatementSync;
  readonly allAfter: StatementSync;
  readonly allOfTypesAfter: StatementSync;
  readonly head: StatementSync;

  readonly insert: StatementSync;

  constructor(db: DatabaseSync) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT one_append');
    this.release = db.prepare('RELEASE one_append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO one_append');
    this.lastInStream = db.prepare(
      'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insert = db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, hash) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`);
    this.streamForwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ` +
        'ORDER BY revision ASC LIMIT ?',
    );
    this.streamBackwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ` +
        'ORDER BY revision DESC LIMIT ?',
    );
    this.allAfter = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`,
    );
    // The types arrive as one JSON array, so one statement serves every set of types; the scan
    // stays a rowid range and rows of other types are skipped before they reach JavaScript.
    this.allOfTypesAfter = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ` +
        'AND type IN (SELECT value FROM json_each(?)) ORDER BY position ASC LIMIT ?',
    );
    this.head = db.prepare('SELECT coalesce(max(position), 0) AS head FROM events');
    // Revisions and positions are bigint end to end; never round-trip them through a number.
    for (const statement of [
      this.lastInStream,
      this.insert,
      this.byId,
      this.streamForwards,
      this.streamBackwards,
      this.allAfter,
      this.allOfTypesAfter,
      this.head,
    ]) {
      statement.setReadBigInts(true);
    }
  }
}
