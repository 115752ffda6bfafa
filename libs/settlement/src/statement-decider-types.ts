/** The statement decider's command, event and state types (the statement itself: statement.ts). */
import type { StatementLinesPage, StoredStatement } from './statement-pages.js';
import type { SettlementStatement, StatementEntry, StatementTerms } from './statement.js';

export interface CloseSettlementPeriod {
  readonly type: 'CloseSettlementPeriod';
  /** Deterministic id from the business key, e.g. eventIdFor('statement', agreement, end). */
  readonly statement_id: string;
  readonly agreement_id: string;
  readonly period_end: string;
  /** The command time ("now"): period_end must not be after it. */
  readonly closed_at: string;
  /** Start of the first period: version 1's effective_from, else its recorded_at. */
  readonly agreement_since: string;
  /** The agreement version in force at period_end. */
  readonly terms: StatementTerms;
  /** The agreement's entries with posted_at in (previous period_end, period_end]. */
  readonly entries: readonly StatementEntry[];
}

/**
 * A closed period: since issue 14 its header (figures, `line_pages`), the lines being on
 * `SettlementStatementLinesRecorded` pages (statement-pages.ts); before, the whole statement.
 */
export type SettlementStatementIssued = {
  readonly type: 'SettlementStatementIssued';
  readonly data: StoredStatement;
};

/** What the decider decides: the whole statement (the close then splits it into pages). */
export type StatementDecided = {
  readonly type: 'SettlementStatementIssued';
  readonly data: SettlementStatement;
};

/** One page of a statement's lines, on `statement-lines-{statement_id}` (statement-pages.ts). */
export type SettlementStatementLinesRecorded = {
  readonly type: 'SettlementStatementLinesRecorded';
  readonly data: StatementLinesPage;
};

/** The statement figures a later close needs (any stored shape has them). */
export type StatementSummary = Omit<
  SettlementStatement,
  'cdr_lines' | 'credit_lines' | 'adjustment_lines'
>;

export type StatementCommand = CloseSettlementPeriod;
/** The decider's own events: the statements stream holds only statements. */
export type StatementEvent = SettlementStatementIssued;
/** Every event of the settlement context, the pages included (the catalogue's typed folds). */
export type SettlementEvent = SettlementStatementIssued | SettlementStatementLinesRecorded;

/** A closed period, as remembered by the decider (the full statement is in its event). */
export interface ClosedPeriod {
  readonly statement_id: string;
  readonly sequence: number;
  readonly period_end: string;
}

export interface StatementState {
  /** Every closed period in closing order (period_end increasing); one per statement. */
  readonly closed: readonly ClosedPeriod[];
  /** The latest statement: its closing balances open the next one. */
  readonly latest: StatementSummary | null;
}
