import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { invoicedCdrsOfStatement, type InvoicedCdr } from '#invoicing';
import { invariant } from '#ledger';
import type { CdrSessionFacts } from '#settlement';
import type { Projection, ProjectionWriter } from '../projection.js';
import { prepareStatements } from '../read-model-statements.js';
import {
  cdrKey,
  DOCUMENT_EVENT_TYPES,
  documentRowsOf,
  type DocumentRow,
} from './documents.fold.js';
import { DocumentQueries, type StatementCdr } from './documents.queries.js';

/**
 * Settlement documents. Tables:
 * - `doc_cdr_facts`: per CDR, the claimed net and session facts of its CdrReceived;
 * - `doc_cdr_entries`: per posted CDR (credit CDR, dispute adjustment), its statement entry, by
 *   (agreement, posting time): a close selects its period with one range query;
 * - `doc_driver_refunds`: per driver refund of a dispute, by the CDR's agreement and time;
 * - `doc_payments`: per payment, its statement entry, indexed by (payer, payee, currency, time);
 * - `doc_statements` + `doc_statement_parties`: statements per agreement and per party (as
 *   stored: since issue 14 a header whose lines are in `doc_statement_pages`);
 * - `doc_statement_pages`: the pages of a statement's lines (SettlementStatementLinesRecorded),
 *   and of each its CDR lines' keys and fees (`cdrs_json`: what an aggregated invoice charged);
 * - `doc_invoices` + `doc_invoice_parties`: documents per issuer and recipient, newest first;
 * - `doc_invoiced_cdrs`: which invoice charged a CDR (the credit-note lookup).
 */
export const DOCUMENTS_PROJECTION = 'documents';

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS doc_cdr_facts (
    cdr_key TEXT PRIMARY KEY,
    claimed_excl_vat TEXT NOT NULL,
    session_json TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS doc_cdr_entries (
    entry_row INTEGER PRIMARY KEY,
    agreement_id TEXT NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    cdr_key TEXT NOT NULL,
    entry_json TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS doc_driver_refunds (
    refund_row INTEGER PRIMARY KEY,
    agreement_id TEXT NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    cdr_key TEXT NOT NULL,
    entry_json TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS doc_payments (
    payment_row INTEGER PRIMARY KEY,
    payer TEXT NOT NULL,
    payee TEXT NOT NULL,
    currency TEXT NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    entry_json TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS doc_statements (
    statement_row INTEGER PRIMARY KEY,
    statement_id TEXT NOT NULL UNIQUE,
    agreement_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    statement_json TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX IF NOT EXISTS doc_statements_agreement
    ON doc_statements (agreement_id, sequence);
  CREATE TABLE IF NOT EXISTS doc_statement_pages (
    statement_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    page_json TEXT NOT NULL,
    cdrs_json TEXT NOT NULL,
    PRIMARY KEY (statement_id, page)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS doc_statement_parties (
    party TEXT NOT NULL,
    statement_row INTEGER NOT NULL,
    PRIMARY KEY (party, statement_row)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS doc_invoices (
    invoice_row INTEGER PRIMARY KEY,
    invoice_id TEXT NOT NULL UNIQUE,
    issuer TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    statement_id TEXT NOT NULL,
    invoice_json TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX IF NOT EXISTS doc_invoices_number ON doc_invoices (issuer, sequence);
  CREATE TABLE IF NOT EXISTS doc_invoice_parties (
    party TEXT NOT NULL,
    invoice_row INTEGER NOT NULL,
    PRIMARY KEY (party, invoice_row)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS doc_invoiced_cdrs (
    kind TEXT NOT NULL,
    cdr_key TEXT NOT NULL,
    invoice_row INTEGER NOT NULL,
    invoiced_json TEXT NOT NULL,
    PRIMARY KEY (kind, cdr_key, invoice_row)
  ) STRICT, WITHOUT ROWID;
`;

/** Secondary indexes only queries use (not the writer): dropped for a rebuild's bulk load and
 * built once at its end. The unique ones stay: they are constraints the load relies on. */
const INDEXES_SQL = `
  CREATE INDEX IF NOT EXISTS doc_cdr_entries_period
    ON doc_cdr_entries (agreement_id, posted_at_ms);
  CREATE INDEX IF NOT EXISTS doc_payments_period
    ON doc_payments (payer, payee, currency, posted_at_ms);
  CREATE INDEX IF NOT EXISTS doc_invoices_statement ON doc_invoices (statement_id);
`;

const TABLES = [
  'doc_cdr_facts',
  'doc_cdr_entries',
  'doc_driver_refunds',
  'doc_payments',
  'doc_statements',
  'doc_statement_pages',
  'doc_statement_parties',
  'doc_invoices',
  'doc_invoice_parties',
  'doc_invoiced_cdrs',
] as const;

export const documentsProjection: Projection = {
  name: DOCUMENTS_PROJECTION,
  version: 3,
  event_types: DOCUMENT_EVENT_TYPES,
  createSchema(db) {
    db.exec(TABLES_SQL + INDEXES_SQL);
  },
  dropSchema(db) {
    db.exec(TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
  },
  bulkLoadStart(db) {
    db.exec(
      'DROP INDEX IF EXISTS doc_cdr_entries_period; DROP INDEX IF EXISTS doc_payments_period; ' +
        'DROP INDEX IF EXISTS doc_invoices_statement;',
    );
  },
  bulkLoadEnd(db) {
    db.exec(INDEXES_SQL);
  },
  writer(db) {
    return new DocumentsWriter(db);
  },
};

/** What a CDR's statement entry takes from its CdrReceived. */
type ReceivedFacts = Pick<
  Extract<DocumentRow, { kind: 'cdr_facts' }>,
  'claimed_excl_vat' | 'session'
>;

const WRITER_SQL = {
  upsert_facts:
    'INSERT INTO doc_cdr_facts (cdr_key, claimed_excl_vat, session_json) VALUES (?, ?, ?) ' +
    'ON CONFLICT (cdr_key) DO UPDATE SET claimed_excl_vat = excluded.claimed_excl_vat, ' +
    'session_json = excluded.session_json',
  select_facts: 'SELECT claimed_excl_vat, session_json FROM doc_cdr_facts WHERE cdr_key = ?',
  insert_entry:
    'INSERT INTO doc_cdr_entries (agreement_id, posted_at_ms, cdr_key, entry_json) ' +
    'VALUES (?, ?, ?, ?)',
  insert_refund:
    'INSERT INTO doc_driver_refunds (agreement_id, posted_at_ms, cdr_key, entry_json) ' +
    'VALUES (?, ?, ?, ?)',
  agreement_of_cdr:
    'SELECT agreement_id FROM doc_cdr_entries WHERE cdr_key = ? ORDER BY entry_row LIMIT 1',
  insert_payment:
    'INSERT INTO doc_payments (payer, payee, currency, posted_at_ms, entry_json) ' +
    'VALUES (?, ?, ?, ?, ?)',
  insert_statement:
    'INSERT INTO doc_statements (statement_id, agreement_id, sequence, statement_json) ' +
    'VALUES (?, ?, ?, ?)',
  insert_statement_page:
    'INSERT OR IGNORE INTO doc_statement_pages (statement_id, page, page_json, cdrs_json) ' +
    'VALUES (?, ?, ?, ?)',
  insert_statement_party:
    'INSERT OR IGNORE INTO doc_statement_parties (party, statement_row) VALUES (?, ?)',
  insert_invoice:
    'INSERT INTO doc_invoices (invoice_id, issuer, sequence, statement_id, invoice_json) ' +
    'VALUES (?, ?, ?, ?, ?)',
  insert_invoice_party:
    'INSERT OR IGNORE INTO doc_invoice_parties (party, invoice_row) VALUES (?, ?)',
  insert_invoiced_cdr:
    'INSERT OR IGNORE INTO doc_invoiced_cdrs (kind, cdr_key, invoice_row, invoiced_json) ' +
    'VALUES (?, ?, ?, ?)',
  // Numbers are gap-free per issuer: the count of documents equals the highest sequence.
  numbering_gaps:
    'SELECT issuer, count(*) AS documents, max(sequence) AS last_sequence FROM doc_invoices ' +
    'GROUP BY issuer HAVING count(*) <> max(sequence) LIMIT 1',
} as const;

class DocumentsWriter implements ProjectionWriter {
  private readonly sql;
  /** Statements as the writer wrote them (an aggregated invoice's CDRs are its statement's). */
  private readonly queries: DocumentQueries;
  /** The CDRs of the statement whose invoices were written last. */
  private statement_cdrs: { statement_id: string; cdrs: readonly StatementCdr[] } | null = null;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL);
    this.queries = new DocumentQueries(db);
  }

  apply(events: readonly RecordedEvent[]): void {
    // Facts of the CDRs received in this batch: most are posted in the same batch, and their
    // posting then needs no read back (nor decoding) of the row just written.
    const received = new Map<string, ReceivedFacts>();
    for (const event of events) {
      for (const row of documentRowsOf(event)) this.write(row, received);
    }
  }

  private write(row: DocumentRow, received: Map<string, ReceivedFacts>): void {
    switch (row.kind) {
      case 'cdr_facts':
        this.sql.upsert_facts.run(row.cdr_key, row.claimed_excl_vat, JSON.stringify(row.session));
        received.set(row.cdr_key, row);
        return;
      case 'cdr_posted':
        this.writePosted(row, received);
        return;
      case 'cdr_adjusted':
        this.writeAdjustment(row, received);
        return;
      case 'driver_refund':
        this.writeRefund(row, received);
        return;
      case 'payment':
        this.sql.insert_payment.run(
          row.payer,
          row.payee,
          row.currency,
          row.posted_at_ms,
          JSON.stringify(row.entry),
        );
        return;
      case 'statement_page':
        this.sql.insert_statement_page.run(
          row.page.statement_id,
          row.page.page,
          JSON.stringify(row.page),
          JSON.stringify(
            row.page.cdr_lines.map(({ country_code, party_id, cdr_id, fees }) => ({
              country_code,
              party_id,
              cdr_id,
              fees,
            })),
          ),
        );
        return;
      case 'statement':
        this.writeStatement(row);
        return;
      case 'invoice':
        this.writeInvoice(row);
        return;
      default: {
        const unknown: never = row;
        throw new Error(`unknown document row ${JSON.stringify(unknown)}`);
      }
    }
  }

  private writePosted(
    row: Extract<DocumentRow, { kind: 'cdr_posted' }>,
    received: Map<string, ReceivedFacts>,
  ): void {
    const facts = this.receivedFacts(row.cdr_key, received);
    const entry = {
      ...row.entry,
      // Invoiced at what was settled: the ledger's price, or an adjusted CDR's net.
      claimed_excl_vat: row.settled_excl_vat ?? facts.claimed_excl_vat,
      session: this.creditedVat(row, facts.session, received),
    };
    this.sql.insert_entry.run(
      row.agreement_id,
      row.posted_at_ms,
      row.cdr_key,
      JSON.stringify(entry),
    );
  }

  private writeStatement({
    statement,
    parties,
  }: Extract<DocumentRow, { kind: 'statement' }>): void {
    const { lastInsertRowid } = this.sql.insert_statement.run(
      statement.statement_id,
      statement.agreement_id,
      statement.sequence,
      JSON.stringify(statement),
    );
    for (const party of parties) this.sql.insert_statement_party.run(party, lastInsertRowid);
  }

  /**
   * The CDRs an invoice charged: read from its lines when itemised, else (aggregated lines,
   * issue 14) from the lines of its statement (`invoicedCdrsOfStatement`), written before it.
   */
  private invoicedCdrs(row: Extract<DocumentRow, { kind: 'invoice' }>): readonly InvoicedCdr[] {
    const { invoice } = row;
    if (invoice.supporting_documents === undefined) return row.invoiced_cdrs;
    const stored = this.queries.storedStatement(invoice.statement_id);
    invariant(stored !== null, `invoice ${invoice.invoice_id}: its statement is unknown`);
    // A statement's invoices follow one another: read its CDRs once for all of them.
    if (this.statement_cdrs?.statement_id !== invoice.statement_id) {
      const cdrs = this.queries.statementCdrs(stored);
      this.statement_cdrs = { statement_id: invoice.statement_id, cdrs };
    }
    return invoicedCdrsOfStatement(invoice, this.statement_cdrs.cdrs);
  }

  private writeInvoice(row: Extract<DocumentRow, { kind: 'invoice' }>): void {
    const { invoice } = row;
    const { lastInsertRowid } = this.sql.insert_invoice.run(
      invoice.invoice_id,
      row.issuer,
      invoice.sequence,
      invoice.statement_id,
      JSON.stringify(invoice),
    );
    for (const party of row.parties) this.sql.insert_invoice_party.run(party, lastInsertRowid);
    for (const invoiced of this.invoicedCdrs(row)) {
      this.sql.insert_invoiced_cdr.run(
        invoiced.kind,
        cdrKey(invoiced.cdr),
        lastInsertRowid,
        JSON.stringify(invoiced),
      );
    }
  }

  private writeAdjustment(
    row: Extract<DocumentRow, { kind: 'cdr_adjusted' }>,
    received: Map<string, ReceivedFacts>,
  ): void {
    const { session } = this.receivedFacts(row.cdr_key, received);
    this.sql.insert_entry.run(
      row.agreement_id,
      row.posted_at_ms,
      row.cdr_key,
      JSON.stringify({ ...row.entry, session }),
    );
  }

  /** A driver refund, filed under the agreement the refunded CDR was posted under. */
  private writeRefund(
    row: Extract<DocumentRow, { kind: 'driver_refund' }>,
    received: Map<string, ReceivedFacts>,
  ): void {
    const { session } = this.receivedFacts(row.cdr_key, received);
    const posted = this.sql.agreement_of_cdr.get(row.cdr_key) as
      { agreement_id: string } | undefined;
    invariant(posted !== undefined, `CDR ${row.cdr_key} refunded before it was posted`);
    this.sql.insert_refund.run(
      posted.agreement_id,
      row.posted_at_ms,
      row.cdr_key,
      JSON.stringify({ ...row.entry, session }),
    );
  }

  /**
   * A credit CDR reverses a supply that was invoiced at the credited CDR's VAT: its credit note
   * takes that CDR's VAT facts (its parts per rate, the one rate it stated, its supply date), so
   * the credit note mirrors the original invoice line for line, rate for rate. A credit CDR has
   * no ledger price of its own, so its own facts would fall back to a single rate.
   */
  private creditedVat(
    row: Extract<DocumentRow, { kind: 'cdr_posted' }>,
    own: CdrSessionFacts,
    received: Map<string, ReceivedFacts>,
  ): CdrSessionFacts {
    const { credit_of, cdr } = row.entry;
    if (credit_of === null) return own;
    const key = cdrKey({ ...cdr, cdr_id: credit_of });
    const original = this.factsOf(key, received)?.session;
    if (original === undefined) return own;
    const { vat_shares: _own_shares, stated_vat_rate_percent: _own_rate, ...rest } = own;
    return {
      ...rest,
      ...(original.stated_vat_rate_percent == null
        ? {}
        : { stated_vat_rate_percent: original.stated_vat_rate_percent }),
      ...(original.supply_date == null ? {} : { supply_date: original.supply_date }),
      ...(original.vat_shares === undefined ? {} : { vat_shares: original.vat_shares }),
    };
  }

  /** A received CDR's facts: from this batch, else from the table; null when never received. */
  private factsOf(cdr_key: string, received: Map<string, ReceivedFacts>): ReceivedFacts | null {
    const fresh = received.get(cdr_key);
    if (fresh !== undefined) return fresh;
    const stored = this.sql.select_facts.get(cdr_key) as
      { claimed_excl_vat: string; session_json: string } | undefined;
    if (stored === undefined) return null;
    return {
      claimed_excl_vat: stored.claimed_excl_vat,
      session: JSON.parse(stored.session_json) as CdrSessionFacts,
    };
  }

  /** The facts of a CDR the log posted or adjusted: it was received before, always. */
  private receivedFacts(cdr_key: string, received: Map<string, ReceivedFacts>): ReceivedFacts {
    const facts = this.factsOf(cdr_key, received);
    invariant(facts !== null, `CDR ${cdr_key} posted before it was received`);
    return facts;
  }

  assertInvariants(): void {
    const gap = this.sql.numbering_gaps.get() as
      { issuer: string; documents: number; last_sequence: number } | undefined;
    invariant(
      gap === undefined,
      `invoice numbers of ${gap?.issuer} have gaps: ${gap?.documents} documents, last ` +
        `sequence ${gap?.last_sequence}`,
    );
  }
}
