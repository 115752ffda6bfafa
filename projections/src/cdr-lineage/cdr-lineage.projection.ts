import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import type { Projection, ProjectionWriter } from '../projection.js';
import { MultiRowInsert, prepareStatements } from '../read-model-statements.js';
import { cdrReferencesOf, versionPublished } from './cdr-lineage.fold.js';

/**
 * CDR lineage: which events concern a CDR (cdr-lineage.fold.ts), so an auditor's view of a CDR
 * is one indexed read of `cdr_lineage` by its folded key, in log order; the events themselves
 * are then read from the log by (stream, revision). Three tables:
 * - `cdr_lineage (cdr_key, position, stream, revision)`: one row per (CDR, event);
 * - `cdr_lineage_transactions (transaction_id, cdr_key)`: which CDR a transaction settles, so a
 *   later event that names only the transaction id (an invoice line, an adjustment) is found;
 * - `cdr_lineage_versions (stream, version, position, revision)`: the tariff and agreement
 *   versions, so a CDR's lineage includes the version its assessment used;
 * - `cdr_lineage_statements (statement_id, cdr_key)`: the CDRs on a statement's line pages
 *   (SettlementStatementLinesRecorded), so the statement's header and its invoices, which name
 *   only the statement id (`statement_id` at the top of their data), are in those CDRs'
 *   lineage ("statements and invoices that include it").
 */
export const CDR_LINEAGE_PROJECTION = 'cdr_lineage';

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS cdr_lineage (
    cdr_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (cdr_key, position)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS cdr_lineage_transactions (
    transaction_id TEXT PRIMARY KEY,
    cdr_key TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS cdr_lineage_statements (
    statement_id TEXT NOT NULL,
    cdr_key TEXT NOT NULL,
    PRIMARY KEY (statement_id, cdr_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS cdr_lineage_versions (
    stream TEXT NOT NULL,
    version TEXT NOT NULL,
    position INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (stream, version)
  ) STRICT, WITHOUT ROWID;
`;

export const cdrLineageProjection: Projection = {
  name: CDR_LINEAGE_PROJECTION,
  version: 3,
  event_types: 'all',
  createSchema(db) {
    db.exec(TABLES_SQL);
  },
  dropSchema(db) {
    db.exec(
      'DROP TABLE IF EXISTS cdr_lineage; DROP TABLE IF EXISTS cdr_lineage_transactions; ' +
        'DROP TABLE IF EXISTS cdr_lineage_versions; DROP TABLE IF EXISTS cdr_lineage_statements;',
    );
  },
  writer(db) {
    return new CdrLineageWriter(db);
  },
};

const WRITER_SQL = {
  insert_transaction:
    'INSERT OR IGNORE INTO cdr_lineage_transactions (transaction_id, cdr_key) VALUES (?, ?)',
  transaction: 'SELECT cdr_key FROM cdr_lineage_transactions WHERE transaction_id = ?',
  insert_version:
    'INSERT OR IGNORE INTO cdr_lineage_versions (stream, version, position, revision) ' +
    'VALUES (?, ?, ?, ?)',
  version: 'SELECT position, revision FROM cdr_lineage_versions WHERE stream = ? AND version = ?',
  insert_statement_cdr:
    'INSERT OR IGNORE INTO cdr_lineage_statements (statement_id, cdr_key) VALUES (?, ?)',
  statement_cdrs: 'SELECT cdr_key FROM cdr_lineage_statements WHERE statement_id = ?',
} as const;

type VersionAt = { position: bigint; revision: bigint } | null;

/**
 * What one batch has read or written of the transaction and version tables, so that a CDR's
 * posting (which defines its transaction and names it) and the receipts naming the same tariff
 * and agreement versions ask SQLite once per batch. Valid for one batch only: it lives inside
 * the batch's transaction, and only this writer writes these tables.
 */
interface BatchLookups {
  readonly transactions: Map<string, string | null>;
  readonly versions: Map<string, VersionAt>;
}

/** (cdr_key, position, stream, revision) */
type LineageRow = [string, bigint, string, bigint];
/** The pages of a statement's lines: their CDRs define the statement's lineage link. */
const STATEMENT_PAGE_TYPE = 'SettlementStatementLinesRecorded';

class CdrLineageWriter implements ProjectionWriter {
  private readonly sql;
  /** An event's rows in one call (a CDR's receipt: its own row and its tariff and agreement
   * versions'). */
  private readonly insert_rows;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL, ['version']);
    this.insert_rows = new MultiRowInsert(
      db,
      'INSERT OR IGNORE INTO cdr_lineage (cdr_key, position, stream, revision) VALUES ',
      4,
    );
  }

  apply(events: readonly RecordedEvent[]): void {
    const lookups: BatchLookups = { transactions: new Map(), versions: new Map() };
    for (const event of events) this.applyOne(event, lookups);
  }

  private applyOne(event: RecordedEvent, lookups: BatchLookups): void {
    const version = versionPublished(event);
    if (version !== null) {
      const at = { position: event.position, revision: event.revision };
      const { changes } = this.sql.insert_version.run(
        event.stream,
        version,
        at.position,
        at.revision,
      );
      // The first event publishing a version keeps it (INSERT OR IGNORE).
      if (changes > 0) lookups.versions.set(`${event.stream}\n${version}`, at);
    }
    const found = cdrReferencesOf(event);
    for (const [transaction_id, cdr_key] of found.transactions_defined) {
      const { changes } = this.sql.insert_transaction.run(transaction_id, cdr_key);
      if (changes > 0) lookups.transactions.set(transaction_id, cdr_key);
    }
    const keys = new Set(found.cdr_keys);
    for (const transaction_id of found.transactions_named) {
      const cdr_key = this.transactionCdr(transaction_id, lookups);
      if (cdr_key !== null) keys.add(cdr_key);
    }
    this.linkStatement(event, keys);
    if (keys.size === 0) return;
    const used = found.versions_used.map((one) => ({ ...one, at: this.versionAt(one, lookups) }));
    const rows: LineageRow[] = [];
    for (const cdr_key of keys) {
      rows.push([cdr_key, event.position, event.stream, event.revision]);
      for (const { stream, at } of used) {
        if (at !== null) rows.push([cdr_key, at.position, stream, at.revision]);
      }
    }
    this.insert_rows.run(rows);
  }

  private transactionCdr(transaction_id: string, lookups: BatchLookups): string | null {
    const known = lookups.transactions.get(transaction_id);
    if (known !== undefined) return known;
    const row = this.sql.transaction.get(transaction_id) as { cdr_key: string } | undefined;
    const cdr_key = row?.cdr_key ?? null;
    lookups.transactions.set(transaction_id, cdr_key);
    return cdr_key;
  }

  private versionAt(used: { stream: string; version: string }, lookups: BatchLookups): VersionAt {
    const key = `${used.stream}\n${used.version}`;
    const known = lookups.versions.get(key);
    if (known !== undefined) return known;
    const at = (this.sql.version.get(used.stream, used.version) ?? null) as VersionAt;
    lookups.versions.set(key, at);
    return at;
  }

  /**
   * A statement's page records its CDRs under the statement id; a later event naming the
   * statement id at the top of its data (the statement's header, its invoices) concerns them.
   */
  private linkStatement(event: RecordedEvent, keys: Set<string>): void {
    const { statement_id } = (event.data ?? {}) as { statement_id?: unknown };
    if (typeof statement_id !== 'string') return;
    if (event.type === STATEMENT_PAGE_TYPE) {
      for (const cdr_key of keys) this.sql.insert_statement_cdr.run(statement_id, cdr_key);
      return;
    }
    for (const row of this.sql.statement_cdrs.all(statement_id) as { cdr_key: string }[]) {
      keys.add(row.cdr_key);
    }
  }

  /** Nothing to cross-check: every row points at an event of the log (checked when read). */
  assertInvariants(): void {}
}

/** The lineage of one CDR, oldest first: (stream, revision, position) of each event. */
export class CdrLineageQueries {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(
      db,
      {
        rows:
          'SELECT stream, revision, position FROM cdr_lineage WHERE cdr_key = ? ' +
          'ORDER BY position LIMIT ?',
      },
      ['rows'],
    );
  }

  eventsOf(
    cdr_key: string,
    limit: number,
  ): { stream: string; revision: bigint; position: bigint }[] {
    return this.sql.rows.all(cdr_key, limit) as unknown as {
      stream: string;
      revision: bigint;
      position: bigint;
    }[];
  }
}
