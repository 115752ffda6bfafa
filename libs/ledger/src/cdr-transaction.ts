import type { Decimal } from 'decimal.js';
import { assertBalanced } from './assert-balanced.js';
import { invariant } from './invariant.js';
import type {
  Account,
  CdrReference,
  LedgerTransaction,
  PartyId,
  Posting,
} from './ledger-transaction.js';
import { LedgerDecimal, type RoundingPolicy, toMinorUnits } from './rounding.js';

/** A fee charged to the CPO on every posted CDR and owed to its beneficiary. */
export interface FeeRule {
  readonly beneficiary: PartyId;
  /** Fixed fee per CDR, decimal string in major units of the agreement currency ("0.20"). */
  readonly per_cdr: string;
  /** Percentage of the CDR's cost excl. VAT, decimal string in percent ("2.5" = 2.5 %). */
  readonly percent_of_cost: string;
}

/**
 * The part of a settlement agreement version that posting needs. An agreement version from
 * libs/agreements satisfies it structurally.
 */
export interface SettlementTerms {
  readonly agreement_id: string;
  readonly version: number;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  readonly currency: string;
  readonly fees: readonly FeeRule[];
  readonly rounding: RoundingPolicy;
}

/**
 * One fee in minor units: `per_cdr + percent_of_cost / 100 × fee_base`, computed exactly and
 * rounded once by the agreement's policy. The percentage applies to the cost excl. VAT (the
 * usual basis: VAT is not the CPO's revenue), whatever the agreement's VAT treatment.
 */
export function feeMinor(
  fee: FeeRule,
  fee_base: Decimal.Value,
  currency: string,
  rounding: RoundingPolicy,
): bigint {
  const exact = new LedgerDecimal(fee.per_cdr).plus(
    new LedgerDecimal(fee.percent_of_cost).dividedBy(100).times(new LedgerDecimal(fee_base)),
  );
  return toMinorUnits(exact, currency, rounding);
}

export interface BuildCdrTransactionInput {
  readonly transaction_id: string;
  readonly terms: SettlementTerms;
  readonly cdr: CdrReference;
  /** The settled amount (incl. or excl. VAT per the agreement) in minor units, >= 0. */
  readonly amount_minor: bigint;
  /** The CDR's cost excl. VAT in major units (exact decimal): the basis of percentage fees. */
  readonly fee_base: Decimal.Value;
}

/**
 * The transaction that settles one CDR, gross of fees:
 * - debit `emsp_payable` (eMSP, towards the CPO) and credit `cpo_receivable` (CPO, towards the
 *   eMSP) by the CDR amount: the eMSP owes the CPO the whole amount;
 * - per fee, debit `fee_payable` (CPO, towards the beneficiary) and credit `fee_receivable`
 *   (beneficiary, towards the CPO): the CPO owes the fee, which reduces what it is owed net.
 * Zero amounts are not posted (a free session posts only its per-CDR fees, if any).
 */
export function buildCdrTransaction(input: BuildCdrTransactionInput): LedgerTransaction {
  const { terms, amount_minor } = input;
  invariant(amount_minor >= 0n, `CDR amount must not be negative: ${amount_minor}`);
  const postings: Posting[] = [];
  const post = (account: Account, direction: Posting['direction'], amount: bigint): void => {
    if (amount > 0n) postings.push({ account, direction, amount_minor: amount });
  };
  post({ party: terms.emsp, kind: 'emsp_payable', counterparty: terms.cpo }, 'debit', amount_minor);
  post(
    { party: terms.cpo, kind: 'cpo_receivable', counterparty: terms.emsp },
    'credit',
    amount_minor,
  );
  for (const fee of terms.fees) {
    const fee_minor = feeMinor(fee, input.fee_base, terms.currency, terms.rounding);
    invariant(fee_minor >= 0n, `fee must not be negative: ${fee_minor}`);
    post(
      { party: terms.cpo, kind: 'fee_payable', counterparty: fee.beneficiary },
      'debit',
      fee_minor,
    );
    post(
      { party: fee.beneficiary, kind: 'fee_receivable', counterparty: terms.cpo },
      'credit',
      fee_minor,
    );
  }
  const tx: LedgerTransaction = {
    transaction_id: input.transaction_id,
    currency: terms.currency,
    agreement_id: terms.agreement_id,
    agreement_version: terms.version,
    cdr: input.cdr,
    reverses_transaction_id: null,
    postings,
  };
  assertBalanced(tx);
  return tx;
}

/**
 * The exact opposite of a transaction (a credit CDR, a correction): the same accounts and
 * amounts with every direction flipped, so original plus reversal nets to zero on every account.
 */
export function reverseTransaction(
  tx: LedgerTransaction,
  reversal: { readonly transaction_id: string; readonly cdr: CdrReference },
): LedgerTransaction {
  const reversed: LedgerTransaction = {
    ...tx,
    transaction_id: reversal.transaction_id,
    cdr: reversal.cdr,
    reverses_transaction_id: tx.transaction_id,
    postings: tx.postings.map((p) => ({
      ...p,
      direction: p.direction === 'debit' ? 'credit' : 'debit',
    })),
  };
  assertBalanced(reversed);
  return reversed;
}
