import { assertBalanced } from './assert-balanced.js';
import type { Account, LedgerTransaction, Posting } from './ledger-transaction.js';
import { partyKey } from './ledger-transaction.js';

/**
 * Compensating transactions: what moves a CDR's settlement from what is settled now to a new
 * target, without touching what was posted. Accounts are compared by party, kind and
 * counterparty; a posting's signed amount is + for a credit, - for a debit.
 */
function accountKey(account: Account): string {
  return `${partyKey(account.party)}|${account.kind}|${partyKey(account.counterparty)}`;
}

/** Upper bound on postings folded into one net (one CDR's few transactions in practice). */
const NET_POSTINGS_MAX = 100_000;

/**
 * The net of several transactions' postings, one posting per account with a non-zero net, in
 * the order the accounts first appear. The net of balanced transactions balances.
 */
export function netPostings(postings: readonly Posting[]): Posting[] {
  if (postings.length > NET_POSTINGS_MAX) throw new RangeError('too many postings to net');
  const nets = new Map<string, { account: Account; signed: bigint }>();
  for (const { account, direction, amount_minor } of postings) {
    const key = accountKey(account);
    const entry = nets.get(key) ?? { account, signed: 0n };
    entry.signed += direction === 'credit' ? amount_minor : -amount_minor;
    nets.set(key, entry);
  }
  return [...nets.values()]
    .filter(({ signed }) => signed !== 0n)
    .map(({ account, signed }) => ({
      account,
      direction: signed > 0n ? 'credit' : 'debit',
      amount_minor: signed > 0n ? signed : -signed,
    }));
}

/** The postings that, added to `current`, leave exactly `target` on every account. */
export function differencePostings(
  target: readonly Posting[],
  current: readonly Posting[],
): Posting[] {
  const flipped = current.map((p): Posting => ({
    ...p,
    direction: p.direction === 'debit' ? 'credit' : 'debit',
  }));
  return netPostings([...target, ...flipped]);
}

/**
 * A balanced transaction with the given postings, in the currency, agreement and CDR of the
 * transaction it compensates (which it names in `reverses_transaction_id`).
 */
export function compensatingTransaction(
  original: LedgerTransaction,
  transaction_id: string,
  postings: readonly Posting[],
): LedgerTransaction {
  const tx: LedgerTransaction = {
    transaction_id,
    currency: original.currency,
    agreement_id: original.agreement_id,
    agreement_version: original.agreement_version,
    cdr: original.cdr,
    reverses_transaction_id: original.transaction_id,
    postings,
  };
  assertBalanced(tx);
  return tx;
}
