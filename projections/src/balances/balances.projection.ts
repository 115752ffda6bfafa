import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { invariant } from '#ledger';
import type { Projection, ProjectionWriter } from '../projection.js';
import { MultiRowInsert, prepareStatements } from '../read-model-statements.js';
import {
  addToDeltas,
  BALANCE_EVENT_TYPES,
  balanceEntriesOf,
  emptyDeltas,
} from './balances.fold.js';

/**
 * Partner balances. Four tables:
 * - `balance_transactions`: one row per posted transaction: its id, log position, ledger time
 *   and source (CDR, credit CDR or payment).
 * - `balance_entries`: one row per (transaction, party, counterparty), the signed effect; the
 *   index (party, ledger_time_ms, currency, counterparty, amount_minor) covers the as-of sum.
 * - `balance_months` and `balance_days`: the same sums per UTC month and day, so a balance as of
 *   any instant is the sum of the earlier months, of the earlier days of its month, and an index
 *   range scan inside its day: bounded work per query, whatever the length of the history.
 * - `balance_current`: the balance now, per party, currency and counterparty.
 */
export const BALANCES_PROJECTION = 'balances';

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS balance_transactions (
    tx_row INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    transaction_id TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    ledger_time_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS balance_entries (
    entry_id INTEGER PRIMARY KEY,
    tx_row INTEGER NOT NULL,
    party TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    currency TEXT NOT NULL,
    ledger_time_ms INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS balance_months (
    party TEXT NOT NULL,
    month_index INTEGER NOT NULL,
    currency TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (party, month_index, currency, counterparty)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS balance_days (
    party TEXT NOT NULL,
    day_index INTEGER NOT NULL,
    currency TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (party, day_index, currency, counterparty)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS balance_current (
    party TEXT NOT NULL,
    currency TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (party, currency, counterparty)
  ) STRICT, WITHOUT ROWID;
`;

/** Secondary indexes: dropped for a rebuild's bulk load and built once at its end (one sort
 * instead of millions of random B-tree inserts). */
const INDEXES_SQL = `
  CREATE INDEX IF NOT EXISTS balance_entries_as_of
    ON balance_entries (party, ledger_time_ms, currency, counterparty, amount_minor);
  CREATE INDEX IF NOT EXISTS balance_entries_party ON balance_entries (party, entry_id);
`;

export const balancesProjection: Projection = {
  name: BALANCES_PROJECTION,
  version: 4,
  event_types: BALANCE_EVENT_TYPES,
  createSchema(db) {
    db.exec(TABLES_SQL + INDEXES_SQL);
  },
  dropSchema(db) {
    db.exec(
      'DROP TABLE IF EXISTS balance_entries; DROP TABLE IF EXISTS balance_months; ' +
        'DROP TABLE IF EXISTS balance_days; ' +
        'DROP TABLE IF EXISTS balance_current; DROP TABLE IF EXISTS balance_transactions;',
    );
  },
  bulkLoadStart(db) {
    db.exec(
      'DROP INDEX IF EXISTS balance_entries_as_of; DROP INDEX IF EXISTS balance_entries_party;',
    );
  },
  bulkLoadEnd(db) {
    db.exec(INDEXES_SQL);
  },
  writer(db) {
    return new BalancesWriter(db);
  },
};

const WRITER_SQL = {
  insert_transaction:
    'INSERT INTO balance_transactions (position, transaction_id, source_kind, source_ref, ' +
    'ledger_time_ms) VALUES (?, ?, ?, ?, ?)',
  add_current:
    'INSERT INTO balance_current (party, currency, counterparty, amount_minor) ' +
    'VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET amount_minor = amount_minor + ' +
    'excluded.amount_minor',
  add_month:
    'INSERT INTO balance_months (party, currency, counterparty, month_index, amount_minor) ' +
    'VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET amount_minor = amount_minor + ' +
    'excluded.amount_minor',
  add_day:
    'INSERT INTO balance_days (party, currency, counterparty, day_index, amount_minor) ' +
    'VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET amount_minor = amount_minor + ' +
    'excluded.amount_minor',
  totals:
    'SELECT currency, sum(amount_minor) AS total_minor FROM balance_current GROUP BY currency',
} as const;

/** Runs `add` once per summed key (`party|currency|counterparty[|month or day index]`). */
function addSums(add: StatementSync, sums: ReadonlyMap<string, bigint>): void {
  for (const [key, amount_minor] of sums) {
    const [party, currency, counterparty, index] = key.split('|') as [
      string,
      string,
      string,
      string | undefined,
    ];
    if (index === undefined) add.run(party, currency, counterparty, amount_minor);
    else add.run(party, currency, counterparty, Number(index), amount_minor);
  }
}

class BalancesWriter implements ProjectionWriter {
  private readonly sql;
  /** A transaction's entries in one call (a CDR's four entries), in their order: the same rows
   * and row ids. */
  private readonly insert_entries;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL, ['totals']);
    this.insert_entries = new MultiRowInsert(
      db,
      'INSERT INTO balance_entries (tx_row, party, counterparty, currency, ledger_time_ms, ' +
        'amount_minor) VALUES ',
      6,
    );
  }

  apply(events: readonly RecordedEvent[]): void {
    const deltas = emptyDeltas();
    for (const event of events) {
      const entries = balanceEntriesOf(event);
      const first = entries[0];
      if (first === undefined) continue;
      const { lastInsertRowid: tx_row } = this.sql.insert_transaction.run(
        first.position,
        first.transaction_id,
        first.source_kind,
        first.source_ref,
        first.ledger_time_ms,
      );
      this.insert_entries.run(
        entries.map((entry) => [
          tx_row,
          entry.party,
          entry.counterparty,
          entry.currency,
          entry.ledger_time_ms,
          entry.amount_minor,
        ]),
      );
      for (const entry of entries) addToDeltas(deltas, entry);
    }
    addSums(this.sql.add_current, deltas.current);
    addSums(this.sql.add_month, deltas.monthly);
    addSums(this.sql.add_day, deltas.daily);
  }

  /** Double entry: over all parties, the balances of every currency sum to zero. */
  assertInvariants(): void {
    const rows = this.sql.totals.all() as unknown as { currency: string; total_minor: bigint }[];
    for (const { currency, total_minor } of rows) {
      invariant(total_minor === 0n, `balances in ${currency} sum to ${total_minor}, not 0`);
    }
  }
}
