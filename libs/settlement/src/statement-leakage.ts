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

export interface StatementLeakage {
  readonly open_exceptions: readonly LeakageException[];
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
    open_exceptions,
    by_type: [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => ({ type, count })),
    amount_at_risk: decimalString(sum),
    subjects_without_amount: without,
  };
}
