import { decimalString, LedgerDecimal } from '#ledger';

/**
 * A statement's leakage section: the agreement's exceptions still open when the period closed,
 * and the amount they put at risk, so the billing team sees what is not settled yet. Recorded in
 * the statement event at the close (a closed statement never changes); later resolutions show in
 * the next statement's section.
 */
export interface LeakageException {
  readonly id: string;
  readonly type: string;
  readonly subject: Readonly<Record<string, unknown>>;
  readonly detected_at: string;
  /** The subject's amount (CDR claim, session total), or null when unknown. */
  readonly amount_at_risk: { readonly currency: string; readonly amount: string } | null;
  /**
   * True when the money is at risk: the subject is not settled (a held CDR, a missing CDR, a
   * stuck session); false for a flag on a posted CDR (listed, not counted).
   */
  readonly unsettled: boolean;
}

/**
 * Open exceptions listed in a statement at most: the header is one event, bounded in size
 * (EVENT_BYTES_MAX) whatever the period; the counts and the amount at risk cover them all, and
 * the exception queue (`GET /v1/exceptions`) lists every one.
 */
export const LEAKAGE_EXCEPTIONS_LISTED_MAX = 100;

export interface StatementLeakage {
  /** The first LEAKAGE_EXCEPTIONS_LISTED_MAX open exceptions, oldest first as the queue gave. */
  readonly open_exceptions: readonly LeakageException[];
  /** Every open exception, listed or not (absent in statements issued before the list was
   * bounded: they listed all). */
  readonly open_exceptions_total?: number;
  /** Per type: open exceptions. */
  readonly by_type: readonly { readonly type: string; readonly count: number }[];
  /**
   * Sum over the unsettled subjects (each counted once, whatever number of exceptions it has) of
   * their amounts in the statement currency: decimal, major units, not rounded.
   */
  readonly amount_at_risk: string;
  /** Unsettled subjects whose amount is unknown or in another currency: not in the sum. */
  readonly subjects_without_amount: number;
}

function subjectKey(exception: LeakageException): string {
  return JSON.stringify(exception.subject);
}

export function leakageOf(
  open_exceptions: readonly LeakageException[],
  currency: string,
): StatementLeakage {
  const counts = new Map<string, number>();
  for (const exception of open_exceptions) {
    counts.set(exception.type, (counts.get(exception.type) ?? 0) + 1);
  }
  const subjects = new Map<string, LeakageException['amount_at_risk']>();
  for (const exception of open_exceptions) {
    if (!exception.unsettled) continue;
    const known = subjects.get(subjectKey(exception));
    subjects.set(subjectKey(exception), known ?? exception.amount_at_risk);
  }
  let sum = new LedgerDecimal(0);
  let without = 0;
  for (const amount of subjects.values()) {
    if (amount === null || amount.currency !== currency) without += 1;
    else sum = sum.plus(amount.amount);
  }
  return {
    open_exceptions: open_exceptions.slice(0, LEAKAGE_EXCEPTIONS_LISTED_MAX),
    open_exceptions_total: open_exceptions.length,
    by_type: [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => ({ type, count })),
    amount_at_risk: decimalString(sum),
    subjects_without_amount: without,
  };
}
