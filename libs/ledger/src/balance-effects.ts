import type { LedgerTransaction, PartyId } from './ledger-transaction.js';
import { partyKey } from './ledger-transaction.js';

/**
 * How one transaction moves one party's balance towards one counterparty. Positive: the party
 * is owed more (credit postings); negative: the party owes more (debit postings). A balances
 * projection folds these per party, currency and counterparty.
 */
export interface BalanceEffect {
  readonly party: PartyId;
  readonly counterparty: PartyId;
  readonly currency: string;
  /** Signed, integer minor units. */
  readonly amount_minor: bigint;
}

/**
 * The signed balance effects of a transaction, one per (party, counterparty) pair, in the order
 * the pairs first appear. For a CDR: eMSP -amount towards the CPO; CPO +amount towards the eMSP
 * and -fee towards each beneficiary; each beneficiary +fee towards the CPO. They sum to zero.
 */
export function balanceEffects(tx: LedgerTransaction): BalanceEffect[] {
  const effects = new Map<string, BalanceEffect>();
  for (const { account, direction, amount_minor } of tx.postings) {
    const key = `${partyKey(account.party)}>${partyKey(account.counterparty)}`;
    const signed = direction === 'credit' ? amount_minor : -amount_minor;
    const previous = effects.get(key);
    effects.set(key, {
      party: account.party,
      counterparty: account.counterparty,
      currency: tx.currency,
      amount_minor: (previous?.amount_minor ?? 0n) + signed,
    });
  }
  return [...effects.values()];
}
