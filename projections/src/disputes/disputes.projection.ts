import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { invariant } from '#ledger';
import type { Projection, ProjectionWriter } from '../projection.js';
import { prepareStatements } from '../read-model-statements.js';
import { DISPUTE_EVENT_TYPES, disputeRowsOf, type DisputeSummary } from './disputes.fold.js';

/**
 * Disputes per party. Tables: `disputes` (one row per dispute: status and summary) and
 * `dispute_parties` (the CPO and the eMSP of each), listed newest first per party.
 */
export const DISPUTES_PROJECTION = 'disputes';

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS disputes (
    dispute_row INTEGER PRIMARY KEY,
    dispute_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    summary_json TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS dispute_parties (
    party TEXT NOT NULL,
    dispute_row INTEGER NOT NULL,
    PRIMARY KEY (party, dispute_row)
  ) STRICT, WITHOUT ROWID;
`;

export const disputesProjection: Projection = {
  name: DISPUTES_PROJECTION,
  version: 1,
  event_types: DISPUTE_EVENT_TYPES,
  createSchema(db) {
    db.exec(TABLES_SQL);
  },
  dropSchema(db) {
    db.exec('DROP TABLE IF EXISTS disputes; DROP TABLE IF EXISTS dispute_parties;');
  },
  writer(db) {
    return new DisputesWriter(db);
  },
};

const WRITER_SQL = {
  insert_dispute:
    'INSERT INTO disputes (dispute_id, status, summary_json) VALUES (?, ?, ?) ' +
    'ON CONFLICT (dispute_id) DO NOTHING',
  insert_party: 'INSERT OR IGNORE INTO dispute_parties (party, dispute_row) VALUES (?, ?)',
  select_dispute: 'SELECT dispute_row, summary_json FROM disputes WHERE dispute_id = ?',
  update_dispute: 'UPDATE disputes SET status = ?, summary_json = ? WHERE dispute_row = ?',
} as const;

class DisputesWriter implements ProjectionWriter {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL);
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      for (const row of disputeRowsOf(event)) {
        if (row.kind === 'opened') {
          const { summary } = row;
          const { changes, lastInsertRowid } = this.sql.insert_dispute.run(
            summary.id,
            summary.status,
            JSON.stringify(summary),
          );
          if (Number(changes) === 0) continue;
          for (const party of row.parties) this.sql.insert_party.run(party, lastInsertRowid);
          continue;
        }
        const stored = this.sql.select_dispute.get(row.dispute_id) as
          { dispute_row: number; summary_json: string } | undefined;
        invariant(stored !== undefined, `dispute ${row.dispute_id} resolved before it was opened`);
        const summary: DisputeSummary = {
          ...(JSON.parse(stored.summary_json) as DisputeSummary),
          status: 'RESOLVED',
          outcome: row.outcome,
          resolved_at: row.resolved_at,
        };
        this.sql.update_dispute.run('RESOLVED', JSON.stringify(summary), stored.dispute_row);
      }
    }
  }

  assertInvariants(): void {}
}
