import { createHash } from 'node:crypto';
import { canonicalJson } from '#event-store';
import {
  assembleStatement,
  isPagedStatement,
  paginateStatement,
  statementLinesStreamName,
  type StatementLinesPage,
} from './statement-pages.js';
import type { SettlementStatement } from './statement.js';
import {
  cdrEntry,
  close,
  creditEntry,
  issued,
  payment,
} from './test-support/statement-fixtures.js';

/** A statement of `cdrs` CDR lines, one credit line and one payment. */
function statementOf(cdrs: number): SettlementStatement {
  const entries = Array.from({ length: cdrs }, (_, index) =>
    cdrEntry({
      cdr_id: `CDR-${String(index + 1).padStart(4, '0')}`,
      posted_at: `2026-01-10T10:${String(index % 60).padStart(2, '0')}:00Z`,
      excl_vat: '10.00',
      incl_vat: '11.90',
    }),
  );
  const credit = creditEntry(entries[0]!, 'CDR-0001-CREDIT', '2026-01-20T00:00:00Z');
  const paid = payment('PAY-1', '100', '2026-01-21T00:00:00Z');
  return issued(close({ entries: [...entries, credit, paid] })).data;
}

const PAGE_BYTES_MAX = 8 * 1024;

describe('statement pages: a statement of any size is a small header and bounded pages', () => {
  it('given 60 lines, when paged at 8 KiB, then every page is within the bound, in order', () => {
    const statement = statementOf(59);
    const { header, pages, page_texts } = paginateStatement(statement, PAGE_BYTES_MAX);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, index) => {
      expect(page).toMatchObject({ statement_id: statement.statement_id, page: index + 1 });
      expect(page.pages).toBe(pages.length);
      expect(Buffer.byteLength(page_texts[index]!, 'utf8')).toBeLessThanOrEqual(PAGE_BYTES_MAX);
      expect(page_texts[index]).toBe(canonicalJson(page));
    });
    // The lines keep their order across pages: CDR lines first, then the credit line.
    const cdr_ids = pages.flatMap((page) => page.cdr_lines.map((line) => line.cdr_id));
    expect(cdr_ids).toEqual(statement.cdr_lines.map((line) => line.cdr_id));
    expect(pages.at(-1)!.credit_lines.map((line) => line.cdr_id)).toEqual(['CDR-0001-CREDIT']);
    // The header keeps every figure and no line.
    expect(isPagedStatement(header)).toBe(true);
    expect(header).not.toHaveProperty('cdr_lines');
    expect(header).not.toHaveProperty('credit_lines');
    expect(header.payments).toEqual(statement.payments);
    expect(header.closing_balance_minor).toBe(statement.closing_balance_minor);
    expect(header.line_pages).toMatchObject({
      stream: statementLinesStreamName(statement.statement_id),
      pages: pages.length,
      lines: 60,
    });
  });

  it('given the pages, then the digest is SHA-256 over their canonical JSON, each + "\\n"', () => {
    const { header, pages } = paginateStatement(statementOf(20), PAGE_BYTES_MAX);
    const hash = createHash('sha256');
    for (const page of pages) hash.update(`${canonicalJson(page)}\n`);
    expect(header.line_pages.digest).toBe(hash.digest('hex'));
  });

  it('given the header and its pages as read back, then the statement is whole again', () => {
    const statement = statementOf(30);
    const { header, pages } = paginateStatement(statement, PAGE_BYTES_MAX);
    // As read back from the store: plain JSON, keys in canonical order.
    const stored = JSON.parse(canonicalJson(header)) as typeof header;
    const read = pages.map((page) => JSON.parse(canonicalJson(page)) as StatementLinesPage);
    expect(assembleStatement(stored, read)).toEqual(statement);
  });

  it('given a statement stored whole (before pages), then readers take it as it is', () => {
    const statement = statementOf(3);
    expect(isPagedStatement(statement)).toBe(false);
    expect(assembleStatement(statement, [])).toBe(statement);
  });

  it('given a missing, reordered or altered page, then assembling it fails loudly', () => {
    const { header, pages } = paginateStatement(statementOf(30), PAGE_BYTES_MAX);
    expect(() => assembleStatement(header, pages.slice(1))).toThrow(/pages read/);
    expect(() => assembleStatement(header, [pages[1]!, pages[0]!, ...pages.slice(2)])).toThrow(
      /page order/,
    );
    const first = pages[0]!;
    const altered = {
      ...first,
      cdr_lines: [{ ...first.cdr_lines[0]!, amount_minor: '1' }, ...first.cdr_lines.slice(1)],
    };
    expect(() => assembleStatement(header, [altered, ...pages.slice(1)])).toThrow(/digest/);
  });

  it('given a period without lines, then there is no page and the header says so', () => {
    const statement = issued(
      close({ entries: [payment('PAY-1', '100', '2026-01-21T00:00:00Z')] }),
    ).data;
    const { header, pages } = paginateStatement(statement);
    expect(pages).toEqual([]);
    expect(header.line_pages).toMatchObject({ pages: 0, lines: 0 });
    expect(assembleStatement(header, [])).toEqual(statement);
  });
});
