import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { type EventStore, ANY, openSqliteEventStore } from '#event-store';
import type { AppendBatch } from '../../../bench/ledger-traffic.js';
import { openReadModels, readModelsPath } from '../read-models.js';

/** A temporary data dir with a real sqlite event store and a read-model file. */
export class ProjectionFixture {
  private constructor(
    readonly data_dir: string,
    readonly store: EventStore,
    readonly db: DatabaseSync,
  ) {}

  static open(): ProjectionFixture {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-projections-'));
    const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
    const db = openReadModels(readModelsPath(data_dir));
    return new ProjectionFixture(data_dir, store, db);
  }

  /** Another connection to the same read-model file (a second process, in effect). */
  openReadModels(): DatabaseSync {
    return openReadModels(readModelsPath(this.data_dir));
  }

  async append(batches: readonly AppendBatch[]): Promise<bigint> {
    let position = 0n;
    for (const batch of batches) {
      position = (await this.store.append(batch.stream, batch.events, ANY)).position;
    }
    return position;
  }

  async close(): Promise<void> {
    await this.store.close();
    this.db.close();
    rmSync(this.data_dir, { recursive: true, force: true });
  }
}

/** Every row of every read-model table (row ids left out), in a stable order, as JSON text. */
export function dumpReadModels(db: DatabaseSync): string {
  const tables = {
    balance_entries:
      'SELECT t.position, t.transaction_id, t.source_kind, t.source_ref, e.party, ' +
      'e.counterparty, e.currency, e.ledger_time_ms, e.amount_minor FROM balance_entries e ' +
      'JOIN balance_transactions t ON t.tx_row = e.tx_row ' +
      'ORDER BY t.position, e.party, e.counterparty',
    balance_months:
      'SELECT * FROM balance_months ORDER BY party, month_index, currency, counterparty',
    balance_days: 'SELECT * FROM balance_days ORDER BY party, day_index, currency, counterparty',
    balance_current: 'SELECT * FROM balance_current ORDER BY party, currency, counterparty',
    agreement_relations:
      'SELECT * FROM agreement_relations ORDER BY party, counterparty, currency, kind, agreement_id',
    doc_cdr_facts: 'SELECT * FROM doc_cdr_facts ORDER BY cdr_key',
    doc_cdr_entries:
      'SELECT agreement_id, posted_at_ms, cdr_key, entry_json FROM doc_cdr_entries ' +
      'ORDER BY entry_row',
    doc_payments:
      'SELECT payer, payee, currency, posted_at_ms, entry_json FROM doc_payments ' +
      'ORDER BY payment_row',
    doc_driver_refunds:
      'SELECT agreement_id, posted_at_ms, cdr_key, entry_json FROM doc_driver_refunds ' +
      'ORDER BY refund_row',
    disputes: 'SELECT dispute_id, status, summary_json FROM disputes ORDER BY dispute_row',
    dispute_parties:
      'SELECT p.party, d.dispute_id FROM dispute_parties p ' +
      'JOIN disputes d ON d.dispute_row = p.dispute_row ORDER BY p.party, p.dispute_row',
    // Row ids kept: they are the queue's order and paging cursor, the same after a rebuild.
    exc_exceptions: 'SELECT * FROM exc_exceptions ORDER BY row_id',
    exc_cdrs: 'SELECT * FROM exc_cdrs ORDER BY cdr_key',
    exc_sessions: 'SELECT * FROM exc_sessions ORDER BY session_key',
    relation_agreements: 'SELECT * FROM relation_agreements ORDER BY 1, 2',
    doc_statements:
      'SELECT statement_id, agreement_id, sequence, statement_json FROM doc_statements ' +
      'ORDER BY statement_row',
    doc_statement_parties:
      'SELECT p.party, s.statement_id FROM doc_statement_parties p ' +
      'JOIN doc_statements s ON s.statement_row = p.statement_row ' +
      'ORDER BY p.party, p.statement_row',
    doc_invoices:
      'SELECT invoice_id, issuer, sequence, statement_id, invoice_json FROM doc_invoices ' +
      'ORDER BY invoice_row',
    doc_invoice_parties:
      'SELECT p.party, i.invoice_id FROM doc_invoice_parties p ' +
      'JOIN doc_invoices i ON i.invoice_row = p.invoice_row ORDER BY p.party, p.invoice_row',
    doc_invoiced_cdrs:
      'SELECT c.kind, c.cdr_key, i.invoice_id, c.invoiced_json FROM doc_invoiced_cdrs c ' +
      'JOIN doc_invoices i ON i.invoice_row = c.invoice_row ' +
      'ORDER BY c.kind, c.cdr_key, c.invoice_row',
    cdr_lineage: 'SELECT * FROM cdr_lineage ORDER BY cdr_key, position',
    cdr_lineage_transactions: 'SELECT * FROM cdr_lineage_transactions ORDER BY transaction_id',
    cdr_lineage_versions: 'SELECT * FROM cdr_lineage_versions ORDER BY stream, version',
    cdr_lineage_statements: 'SELECT * FROM cdr_lineage_statements ORDER BY statement_id, cdr_key',
    doc_statement_pages: 'SELECT * FROM doc_statement_pages ORDER BY statement_id, page',
  };
  // Every table of the read models is compared: a table added later without a line here fails.
  const dumped = new Set([
    ...Object.keys(tables),
    'balance_transactions',
    'projection_checkpoints',
  ]);
  const dump: Record<string, unknown> = {};
  const present = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((row) => row.name),
  );
  const missing = [...present].filter((name) => !dumped.has(name) && !name.startsWith('sqlite_'));
  if (missing.length > 0) throw new Error(`dumpReadModels: add ${missing.join(', ')}`);
  for (const [name, sql] of Object.entries(tables)) {
    if (!present.has(name)) continue;
    const statement = db.prepare(sql);
    statement.setReadBigInts(true);
    dump[name] = statement.all();
  }
  return JSON.stringify(dump, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}
