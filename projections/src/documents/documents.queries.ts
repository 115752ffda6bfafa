import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Invoice, InvoicedCdr } from '#invoicing';
import { type CdrReference, type PartyId, partyKey } from '#ledger';
import type {
  AdjustmentStatementEntry,
  CdrStatementEntry,
  DriverRefundEntry,
  PaymentStatementEntry,
  SettlementStatement,
  StatementCdrLine,
  StatementLinesPage,
  StoredStatement,
} from '#settlement';
import { assembleStatement, isPagedStatement } from '#settlement';
import { prepareStatements, rowsBefore } from '../read-model-statements.js';
import { cdrKey } from './documents.fold.js';

/** Largest page of a document list. */
export const DOCUMENTS_PAGE_MAX = 200;
/** Upper bound on the entries one close selects (a period of one agreement). */
export const PERIOD_ENTRIES_MAX = 1_000_000;

/** A CDR line of a statement as far as its invoices' index needs it. */
export type StatementCdr = Pick<StatementCdrLine, 'country_code' | 'party_id' | 'cdr_id' | 'fees'>;

export interface Page<T> {
  readonly items: readonly T[];
  /** The row after which the next page starts, or null on the last page. */
  readonly next_row: bigint | null;
}

const QUERIES_SQL = {
  cdr_entries:
    'SELECT entry_json FROM doc_cdr_entries WHERE agreement_id = ? AND posted_at_ms > ? ' +
    'AND posted_at_ms <= ? ORDER BY posted_at_ms, entry_row LIMIT ?',
  driver_refunds:
    'SELECT entry_json FROM doc_driver_refunds WHERE agreement_id = ? AND posted_at_ms > ? ' +
    'AND posted_at_ms <= ? ORDER BY posted_at_ms, refund_row LIMIT ?',
  payments:
    'SELECT entry_json FROM doc_payments WHERE payer = ? AND payee = ? AND currency = ? ' +
    'AND posted_at_ms > ? AND posted_at_ms <= ? ORDER BY posted_at_ms, payment_row LIMIT ?',
  invoice_by_id: 'SELECT invoice_json FROM doc_invoices WHERE invoice_id = ?',
  invoices_of_party:
    'SELECT p.invoice_row AS row_id, i.invoice_json AS json FROM doc_invoice_parties p ' +
    'JOIN doc_invoices i ON i.invoice_row = p.invoice_row ' +
    'WHERE p.party = ? AND p.invoice_row < ? ORDER BY p.invoice_row DESC LIMIT ?',
  invoices_of_statement:
    'SELECT invoice_json FROM doc_invoices WHERE statement_id = ? ORDER BY invoice_row',
  invoiced_cdr:
    'SELECT invoiced_json FROM doc_invoiced_cdrs WHERE cdr_key = ? ORDER BY invoice_row',
  statement_by_id: 'SELECT statement_json FROM doc_statements WHERE statement_id = ?',
  statement_pages:
    'SELECT page_json FROM doc_statement_pages WHERE statement_id = ? ORDER BY page LIMIT ?',
  statement_page: 'SELECT page_json FROM doc_statement_pages WHERE statement_id = ? AND page = ?',
  statement_cdrs:
    'SELECT cdrs_json FROM doc_statement_pages WHERE statement_id = ? ORDER BY page LIMIT ?',
  statements_of_agreement:
    'SELECT statement_row AS row_id, statement_json AS json FROM doc_statements ' +
    'WHERE agreement_id = ? AND statement_row < ? ORDER BY statement_row DESC LIMIT ?',
  statements_of_party:
    'SELECT p.statement_row AS row_id, s.statement_json AS json FROM doc_statement_parties p ' +
    'JOIN doc_statements s ON s.statement_row = p.statement_row ' +
    'WHERE p.party = ? AND p.statement_row < ? ORDER BY p.statement_row DESC LIMIT ?',
} as const;

/** Reads of the documents read model (see documents.projection.ts). */
export class DocumentQueries {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, QUERIES_SQL, [
      'invoices_of_party',
      'statements_of_agreement',
      'statements_of_party',
    ]);
  }

  /** The agreement's posted CDRs (credits, adjustments included), posted in (after, until]. */
  cdrEntriesOf(
    agreement_id: string,
    after_ms: number,
    until_ms: number,
  ): (CdrStatementEntry | AdjustmentStatementEntry)[] {
    const rows = this.sql.cdr_entries.all(agreement_id, after_ms, until_ms, PERIOD_ENTRIES_MAX) as {
      entry_json: string;
    }[];
    if (rows.length >= PERIOD_ENTRIES_MAX) throw new Error('period holds too many entries');
    return rows.map(
      (row) => JSON.parse(row.entry_json) as CdrStatementEntry | AdjustmentStatementEntry,
    );
  }

  /** Driver refunds of the agreement's CDRs decided in (after, until]. */
  driverRefundsOf(agreement_id: string, after_ms: number, until_ms: number): DriverRefundEntry[] {
    const rows = this.sql.driver_refunds.all(
      agreement_id,
      after_ms,
      until_ms,
      PERIOD_ENTRIES_MAX,
    ) as { entry_json: string }[];
    return rows.map((row) => JSON.parse(row.entry_json) as DriverRefundEntry);
  }

  /** Payments from payer to payee in the currency with posted_at in (after, until]. */
  paymentsBetween(
    payer: PartyId,
    payee: PartyId,
    currency: string,
    after_ms: number,
    until_ms: number,
  ): PaymentStatementEntry[] {
    const rows = this.sql.payments.all(
      partyKey(payer),
      partyKey(payee),
      currency,
      after_ms,
      until_ms,
      PERIOD_ENTRIES_MAX,
    ) as { entry_json: string }[];
    return rows.map((row) => JSON.parse(row.entry_json) as PaymentStatementEntry);
  }

  invoice(invoice_id: string): Invoice | null {
    const row = this.sql.invoice_by_id.get(invoice_id) as { invoice_json: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.invoice_json) as Invoice);
  }

  invoicesOfStatement(statement_id: string): Invoice[] {
    const rows = this.sql.invoices_of_statement.all(statement_id) as { invoice_json: string }[];
    return rows.map((row) => JSON.parse(row.invoice_json) as Invoice);
  }

  /** Documents the party issued or received, newest first. */
  invoicesOf(party: PartyId, limit: number, before_row: bigint | null): Page<Invoice> {
    return page<Invoice>(this.sql.invoices_of_party, partyKey(party), limit, before_row);
  }

  /** Which invoices charged these CDRs (the credit-note lookup of a close). */
  invoicedCdrs(cdrs: readonly CdrReference[]): InvoicedCdr[] {
    const keys = [...new Set(cdrs.map(cdrKey))];
    return keys.flatMap((key) =>
      (this.sql.invoiced_cdr.all(key) as { invoiced_json: string }[]).map(
        (row) => JSON.parse(row.invoiced_json) as InvoicedCdr,
      ),
    );
  }

  /** The statement as stored: a header with `line_pages`, or (before issue 14) whole. */
  storedStatement(statement_id: string): StoredStatement | null {
    const row = this.sql.statement_by_id.get(statement_id) as
      { statement_json: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.statement_json) as StoredStatement);
  }

  /** The whole statement, its lines read from its pages (checked against its digest). */
  statement(statement_id: string): SettlementStatement | null {
    const stored = this.storedStatement(statement_id);
    return stored === null ? null : this.wholeStatement(stored);
  }

  /** A stored statement with its lines: a header's pages assembled, a whole one as it is. */
  wholeStatement(stored: StoredStatement): SettlementStatement {
    if (!isPagedStatement(stored)) return stored;
    const rows = this.sql.statement_pages.all(stored.statement_id, stored.line_pages.pages + 1) as {
      page_json: string;
    }[];
    const pages = rows.map((row) => JSON.parse(row.page_json) as StatementLinesPage);
    return assembleStatement(
      stored,
      pages,
      rows.map((row) => row.page_json),
    );
  }

  /**
   * The CDRs of a stored statement's CDR lines with their fees (the writer's credit-note index
   * of an aggregated invoice), from the compact copy kept beside each page.
   */
  statementCdrs(stored: StoredStatement): readonly StatementCdr[] {
    if (!isPagedStatement(stored)) return stored.cdr_lines;
    const rows = this.sql.statement_cdrs.all(stored.statement_id, stored.line_pages.pages + 1) as {
      cdrs_json: string;
    }[];
    return rows.flatMap((row) => JSON.parse(row.cdrs_json) as StatementCdr[]);
  }

  /** One page of a statement's lines (1-based), or null. */
  statementPage(statement_id: string, page: number): StatementLinesPage | null {
    const row = this.sql.statement_page.get(statement_id, page) as
      { page_json: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.page_json) as StatementLinesPage);
  }

  /** An agreement's statements as stored (headers), newest first. */
  statementsOfAgreement(
    agreement_id: string,
    limit: number,
    before_row: bigint | null,
  ): Page<StoredStatement> {
    return page(this.sql.statements_of_agreement, agreement_id, limit, before_row);
  }

  statementsOf(party: PartyId, limit: number, before_row: bigint | null): Page<StoredStatement> {
    return page(this.sql.statements_of_party, partyKey(party), limit, before_row);
  }
}

/** Rows below `before_row`, newest first; one extra row tells whether a next page exists. */
function page<T>(
  statement: StatementSync,
  key: string,
  limit: number,
  before_row: bigint | null,
): Page<T> {
  const rows = rowsBefore<{ row_id: bigint; json: string }>(
    statement,
    [key],
    before_row,
    limit + 1,
  );
  const items = rows.slice(0, limit).map((row) => JSON.parse(row.json) as T);
  const last = rows[limit - 1];
  return { items, next_row: rows.length > limit && last !== undefined ? last.row_id : null };
}
