import { isCurrencyCode } from './currency.js';
import { invariant } from './invariant.js';
import type { LedgerTransaction, LedgerTransactionJson } from './ledger-transaction.js';
import { fromTransactionJson } from './ledger-transaction.js';

/** Sum of debits and of credits, in minor units of the transaction's currency. */
export interface TransactionTotals {
  readonly debits_minor: bigint;
  readonly credits_minor: bigint;
}

export function transactionTotals(tx: LedgerTransaction): TransactionTotals {
  let debits_minor = 0n;
  let credits_minor = 0n;
  for (const posting of tx.postings) {
    if (posting.direction === 'debit') debits_minor += posting.amount_minor;
    else credits_minor += posting.amount_minor;
  }
  return { debits_minor, credits_minor };
}

/**
 * Asserts the double-entry invariants of one transaction: a known currency, every amount a
 * positive integer of minor units, and debits equal to credits. A transaction has exactly one
 * currency, so "balanced per currency" is balanced as a whole. Throws InvariantViolation: a
 * transaction that does not balance is a bug, never a caller's mistake.
 */
export function assertBalanced(tx: LedgerTransaction | LedgerTransactionJson): void {
  const typed =
    tx.postings.length > 0 && typeof tx.postings[0]!.amount_minor === 'string'
      ? fromTransactionJson(tx as LedgerTransactionJson)
      : (tx as LedgerTransaction);
  invariant(isCurrencyCode(typed.currency), `transaction ${typed.transaction_id}: currency`);
  for (const posting of typed.postings) {
    invariant(
      posting.amount_minor > 0n,
      `transaction ${typed.transaction_id}: posting amounts must be positive`,
    );
  }
  const { debits_minor, credits_minor } = transactionTotals(typed);
  invariant(
    debits_minor === credits_minor,
    `transaction ${typed.transaction_id} does not balance: debits ${debits_minor}, ` +
      `credits ${credits_minor} (${typed.currency})`,
  );
}
