import {
  isPagedStatement,
  type SettlementStatement,
  type SettlementStatementHeader,
  type StatementLinePages,
  type StoredStatement,
} from '#settlement';

/**
 * Statements over HTTP. A statement of an ordinary period is answered whole, as always (its
 * lines inline), with `line_pages` where it was stored in pages. A statement of more than
 * STATEMENT_INLINE_LINES_MAX lines is answered as its header (figures, balances, `line_pages`)
 * with `lines_url`, the first page of `GET /v1/statements/{id}/lines?page=N`: an answer stays
 * bounded whatever the period holds.
 */
export const STATEMENT_INLINE_LINES_MAX = 2_000;

export type StatementView =
  | SettlementStatement
  | (SettlementStatement & { readonly line_pages: StatementLinePages })
  | (SettlementStatementHeader & { readonly lines_url: string });

export function linesUrl(statement_id: string, page = 1): string {
  return `/v1/statements/${encodeURIComponent(statement_id)}/lines?page=${page}`;
}

/** The answer for a whole statement (and its pages, when stored in pages). */
export function statementView(
  statement: SettlementStatement,
  line_pages: StatementLinePages | null,
): StatementView {
  if (line_pages === null) return statement;
  // `line_pages.lines` counts the statement's lines (assembleStatement checks it).
  if (line_pages.lines <= STATEMENT_INLINE_LINES_MAX) return { ...statement, line_pages };
  const { cdr_lines: _c, credit_lines: _r, adjustment_lines: _a, ...header } = statement;
  return { ...header, line_pages, lines_url: linesUrl(statement.statement_id) };
}

/** The answer for a stored statement; `whole` assembles a header's pages (small ones only). */
export function storedStatementView(
  stored: StoredStatement,
  whole: (stored: SettlementStatementHeader) => SettlementStatement,
): StatementView {
  if (!isPagedStatement(stored)) return stored;
  if (stored.line_pages.lines > STATEMENT_INLINE_LINES_MAX) {
    return { ...stored, lines_url: linesUrl(stored.statement_id) };
  }
  return { ...whole(stored), line_pages: stored.line_pages };
}
