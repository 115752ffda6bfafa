import { createHash } from 'node:crypto';
import { canonicalJson, rememberCanonicalJson } from '#event-store';
import { invariant } from '#ledger';
import type { SettlementStatement, StatementCdrLine } from './statement.js';

/**
 * A statement's lines in pages (issue 14 item 5): a period of 100,000 CDRs has 100,000 lines,
 * far more than one event may hold (EVENT_BYTES_MAX; about 1 MiB on a KurrentDB server). The
 * close writes the lines as `SettlementStatementLinesRecorded` pages on their own stream,
 * `statement-lines-{statement_id}`, each at most `page_bytes_max` of canonical JSON, then the
 * `SettlementStatementIssued` header: every figure of the statement, without its lines, and
 * `line_pages` = { stream, pages, lines, digest }. The digest is the SHA-256 (hex) of the pages'
 * canonical JSON texts in page order, each followed by a line feed: an auditor recomputes it
 * from the stream to prove the pages complete and unaltered. Statements issued before this
 * change hold their lines in the header itself: readers accept both (`isPagedStatement`).
 */
export const STATEMENT_LINES_STREAM_PREFIX = 'statement-lines-';
/** A page's canonical JSON stays at or below this (a quarter of a KurrentDB record). */
export const STATEMENT_PAGE_BYTES_MAX = 256 * 1024;
/** Bounds the pages of one statement (STATEMENT_ENTRIES_MAX lines fit in far fewer). */
export const STATEMENT_PAGES_MAX = 100_000;

export function statementLinesStreamName(statement_id: string): string {
  return `${STATEMENT_LINES_STREAM_PREFIX}${statement_id}`;
}

export interface StatementLinePages {
  /** `statement-lines-{statement_id}`: the pages, revision = page - 1. */
  readonly stream: string;
  readonly pages: number;
  /** cdr + credit + adjustment lines over all pages. */
  readonly lines: number;
  /** SHA-256 hex over each page's canonical JSON + "\n", in page order. */
  readonly digest: string;
}

type LineLists = 'cdr_lines' | 'credit_lines' | 'adjustment_lines';

/** A statement without its lines: what SettlementStatementIssued holds since issue 14. */
export type SettlementStatementHeader = Omit<SettlementStatement, LineLists> & {
  readonly line_pages: StatementLinePages;
};

/** SettlementStatementIssued data: a header (with pages), or a whole statement (before). */
export type StoredStatement = SettlementStatement | SettlementStatementHeader;

/** The data of one `SettlementStatementLinesRecorded`: a slice of the statement's lines. */
export interface StatementLinesPage {
  readonly statement_id: string;
  readonly agreement_id: string;
  /** 1, 2, ... pages. */
  readonly page: number;
  readonly pages: number;
  readonly cdr_lines: readonly StatementCdrLine[];
  readonly credit_lines: readonly StatementCdrLine[];
  readonly adjustment_lines: readonly StatementCdrLine[];
}

export function isPagedStatement(data: StoredStatement): data is SettlementStatementHeader {
  return 'line_pages' in data && data.line_pages !== undefined;
}

export interface PagedStatement {
  readonly header: SettlementStatementHeader;
  readonly pages: readonly StatementLinesPage[];
  /** Each page's canonical JSON, as the store writes it and the digest reads it. */
  readonly page_texts: readonly string[];
}

/** The canonical text of a page, computed once (the store reuses it when appending). */
function pageText(page: StatementLinesPage): string {
  const text = canonicalJson(page);
  rememberCanonicalJson(page, text);
  return text;
}

/** SHA-256 hex of the pages' canonical texts, each followed by "\n". */
export function statementPagesDigest(pages: readonly StatementLinesPage[]): string {
  return textsDigest(pages.map(pageText));
}

function textsDigest(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\n');
  return hash.digest('hex');
}

/**
 * Splits a statement into its header and pages (pure but for hashing). Lines keep their order:
 * cdr lines, then credit lines, then adjustment lines, each page holding the next lines while
 * its canonical JSON stays within `page_bytes_max`.
 */
export function paginateStatement(
  statement: SettlementStatement,
  page_bytes_max: number = STATEMENT_PAGE_BYTES_MAX,
): PagedStatement {
  const tagged: [LineLists, StatementCdrLine][] = [
    ...statement.cdr_lines.map((line) => ['cdr_lines', line] as [LineLists, StatementCdrLine]),
    ...statement.credit_lines.map(
      (line) => ['credit_lines', line] as [LineLists, StatementCdrLine],
    ),
    ...(statement.adjustment_lines ?? []).map(
      (line) => ['adjustment_lines', line] as [LineLists, StatementCdrLine],
    ),
  ];
  // A page's text is its lines' texts, commas and an envelope of well under 1 KiB.
  const envelope_bytes = 1024;
  invariant(page_bytes_max > 2 * envelope_bytes, 'page_bytes_max is too small');
  const groups: [LineLists, StatementCdrLine][][] = [];
  let group: [LineLists, StatementCdrLine][] = [];
  let bytes = envelope_bytes;
  for (const entry of tagged) {
    const text = canonicalJson(entry[1]);
    rememberCanonicalJson(entry[1], text);
    const line_bytes = Buffer.byteLength(text, 'utf8') + 1;
    invariant(line_bytes + envelope_bytes <= page_bytes_max, 'a statement line exceeds a page');
    if (bytes + line_bytes > page_bytes_max && group.length > 0) {
      groups.push(group);
      group = [];
      bytes = envelope_bytes;
    }
    group.push(entry);
    bytes += line_bytes;
  }
  if (group.length > 0) groups.push(group);
  invariant(groups.length <= STATEMENT_PAGES_MAX, 'too many statement pages');
  const pages = groups.map((lines, index) => pageOf(statement, lines, index + 1, groups.length));
  const page_texts = pages.map(pageText);
  for (const text of page_texts) {
    invariant(Buffer.byteLength(text, 'utf8') <= page_bytes_max, 'a statement page is too large');
  }
  const { cdr_lines: _c, credit_lines: _r, adjustment_lines: _a, ...rest } = statement;
  const header: SettlementStatementHeader = {
    ...rest,
    line_pages: {
      stream: statementLinesStreamName(statement.statement_id),
      pages: pages.length,
      lines: tagged.length,
      digest: textsDigest(page_texts),
    },
  };
  return { header, pages, page_texts };
}

function pageOf(
  statement: SettlementStatement,
  lines: readonly [LineLists, StatementCdrLine][],
  page: number,
  pages: number,
): StatementLinesPage {
  const of = (list: LineLists) => lines.filter(([at]) => at === list).map(([, line]) => line);
  return {
    statement_id: statement.statement_id,
    agreement_id: statement.agreement_id,
    page,
    pages,
    cdr_lines: of('cdr_lines'),
    credit_lines: of('credit_lines'),
    adjustment_lines: of('adjustment_lines'),
  };
}

/**
 * The whole statement from its header and pages, after checking that the pages are the ones
 * the header names: all of them, in order, with its digest (an invariant: the close appends
 * them before the header, and the log is append-only). A whole statement is returned as is.
 */
export function assembleStatement(
  stored: StoredStatement,
  pages: readonly StatementLinesPage[],
  page_texts?: readonly string[],
): SettlementStatement {
  if (!isPagedStatement(stored)) return stored;
  const { line_pages, ...rest } = stored;
  const id = stored.statement_id;
  invariant(pages.length === line_pages.pages, `statement ${id}: ${pages.length} pages read`);
  pages.forEach((page, index) => {
    invariant(page.statement_id === id && page.page === index + 1, `statement ${id}: page order`);
  });
  // The texts the pages were read from are their canonical JSON when they were stored as such
  // (the event store's text, or JSON.stringify of it): hashing them skips re-encoding every
  // line; any other text falls back to the canonical encoding.
  const digest_ok =
    (page_texts !== undefined && textsDigest(page_texts) === line_pages.digest) ||
    statementPagesDigest(pages) === line_pages.digest;
  invariant(digest_ok, `statement ${id}: digest differs`);
  const all = (list: LineLists) => pages.flatMap((page) => page[list]);
  const statement: SettlementStatement = {
    ...rest,
    cdr_lines: all('cdr_lines'),
    credit_lines: all('credit_lines'),
    adjustment_lines: all('adjustment_lines'),
  };
  const lines =
    statement.cdr_lines.length +
    statement.credit_lines.length +
    (statement.adjustment_lines?.length ?? 0);
  invariant(lines === line_pages.lines, `statement ${id}: ${lines} lines read`);
  return statement;
}
