import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The read models of one process (or several sharing a data dir) live in their own SQLite file,
 * `<LEDGER_DATA_DIR>/read-models.sqlite`, also when the log is in KurrentDB. Everything in it is
 * disposable: dropping the file and replaying the log rebuilds it.
 */
export const READ_MODELS_FILE_NAME = 'read-models.sqlite';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
export const READ_MODELS_BUSY_TIMEOUT_MS = 5000;

const CHECKPOINTS_SQL = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
  ) STRICT;
`;

export function readModelsPath(data_dir: string): string {
  return join(data_dir, READ_MODELS_FILE_NAME);
}

/** Opens (creating if needed) the read-model file. WAL lets queries read while a batch writes;
 * synchronous=NORMAL is enough: a lost last batch after a power cut is replayed from the log,
 * because the checkpoint is committed in the same transaction as the rows it covers. */
export function openReadModels(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(join(path, '..'), { recursive: true });
  const db = new DatabaseSync(path, { timeout: READ_MODELS_BUSY_TIMEOUT_MS });
  db.exec(`PRAGMA busy_timeout = ${READ_MODELS_BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA cache_size = -65536');
  db.exec(`BEGIN IMMEDIATE; ${CHECKPOINTS_SQL} COMMIT;`);
  return db;
}

/**
 * The version a checkpoint is stored under while a rebuild bulk-loads the projection: no real
 * schema version, so a model left half-built by a crash (of the process or of the machine) is
 * dropped and rebuilt from scratch at the next start rather than trusted.
 */
export const REBUILDING_VERSION = -1;

/** WAL pages between automatic checkpoints during a bulk load (SQLite's default is 1000). */
const BULK_LOAD_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * A rebuild's bulk load writes without any fsync and checkpoints the WAL in larger steps. Safe
 * for this disposable file because the checkpoints say REBUILDING_VERSION meanwhile.
 */
export function startBulkLoad(db: DatabaseSync): void {
  db.exec('PRAGMA synchronous = OFF');
  db.exec(`PRAGMA wal_autocheckpoint = ${BULK_LOAD_AUTOCHECKPOINT_PAGES}`);
}

/** Back to the settings of openReadModels. */
export function endBulkLoad(db: DatabaseSync): void {
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA wal_autocheckpoint = 1000');
}

/**
 * Checkpoints the WAL with synchronous=NORMAL, which fsyncs it and then the database file: what a
 * bulk load wrote without fsync is on disk before the real versions are stored.
 */
export function checkpointToDisk(db: DatabaseSync): void {
  db.exec('PRAGMA wal_checkpoint(FULL)');
}

export interface StoredCheckpoint {
  readonly version: number;
  readonly position: bigint;
}

/** Checkpoint rows: the position of the last event a projection has applied, and the schema
 * version its tables were built with. */
export class Checkpoints {
  private readonly select;
  private readonly upsert;

  constructor(db: DatabaseSync) {
    this.select = db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?');
    this.select.setReadBigInts(true);
    this.upsert = db.prepare(
      'INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position',
    );
  }

  get(name: string): StoredCheckpoint | null {
    const row = this.select.get(name) as { version: bigint; position: bigint } | undefined;
    return row === undefined ? null : { version: Number(row.version), position: row.position };
  }

  set(name: string, version: number, position: bigint): void {
    this.upsert.run(name, version, position);
  }
}

/** Runs `work` in one IMMEDIATE transaction: all of it commits, or none of it. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
