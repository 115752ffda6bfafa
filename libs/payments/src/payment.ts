import { Rejection, type AccountKind, type PartyId, type PostingJson } from '#ledger';

/**
 * Payments settle balances between two parties: one stream per payment (`payment-{id}`), the
 * payment id being the idempotency key. A recorded payment posts one balanced transaction that
 * moves both balances towards settlement: the payer's account towards the payee is credited
 * (the payer owes less / is owed more) and the payee's account towards the payer is debited.
 */
export const PAYMENT_STREAM_PREFIX = 'payment-';

export function paymentStreamName(payment_id: string): string {
  return `${PAYMENT_STREAM_PREFIX}${payment_id}`;
}

/** A validated payment instruction (parsePaymentInstruction), parties upper-cased. */
export interface PaymentInstruction {
  readonly id: string;
  readonly payer: PartyId;
  readonly payee: PartyId;
  /** ISO 4217 alpha-3. */
  readonly currency: string;
  /** > 0, integer minor units of the currency. */
  readonly amount_minor: bigint;
  /** The bank's value date, `YYYY-MM-DD` (informational: ledger time is the posting time). */
  readonly value_date: string;
  /** Remittance information, up to 140 characters (SEPA); "" when none was given. */
  readonly reference: string;
}

/** The payment's ledger transaction, as stored in the event (amounts as strings). */
export interface PaymentTransactionJson {
  readonly transaction_id: string;
  readonly currency: string;
  readonly payment_id: string;
  readonly postings: readonly PostingJson[];
}

export interface PaymentRecordedData {
  readonly payment_id: string;
  readonly payer: PartyId;
  readonly payee: PartyId;
  readonly currency: string;
  /** Decimal string with exactly the currency's minor-unit digits ("12.30"). */
  readonly amount: string;
  readonly amount_minor: string;
  readonly value_date: string;
  readonly reference: string;
  /** The kinds of the two accounts the payment moves (from the agreement between them). */
  readonly payer_account_kind: AccountKind;
  readonly payee_account_kind: AccountKind;
  readonly transaction: PaymentTransactionJson;
  /** Ledger time of the posting: when the ledger recorded the payment (ISO-8601 UTC). */
  readonly posted_at: string;
}

export type PaymentRecorded = {
  readonly type: 'PaymentRecorded';
  readonly data: PaymentRecordedData;
};
export type PaymentEvent = PaymentRecorded;

/**
 * Rejection codes of the payments context: a closed set on the one rejection kernel (Rejection),
 * like libs/ocpi's ReceiverRejection. Malformed input is the ledger's `validation_failed`.
 *
 * | code                 | HTTP | meaning                                                       |
 * | -------------------- | ---- | ------------------------------------------------------------- |
 * | payment_conflict     | 409  | the payment id is recorded with other content                 |
 * | party_unknown        | 409  | the payer or payee is not a registered partner (see `field`)  |
 * | currency_not_agreed  | 409  | no agreement between payer and payee settles in that currency |
 */
export const PAYMENT_REJECTION_CODES = [
  'payment_conflict',
  'party_unknown',
  'currency_not_agreed',
] as const;
export type PaymentRejectionCode = (typeof PAYMENT_REJECTION_CODES)[number];

export class PaymentRejection extends Rejection<PaymentRejectionCode> {
  /** The code, by the name this context's callers and specs read. */
  readonly payment_code: PaymentRejectionCode = this.code;
}

/** The account kind facing `kind` in the same agreement. */
export function oppositeKind(kind: AccountKind): AccountKind {
  switch (kind) {
    case 'cpo_receivable':
      return 'emsp_payable';
    case 'emsp_payable':
      return 'cpo_receivable';
    case 'fee_payable':
      return 'fee_receivable';
    case 'fee_receivable':
      return 'fee_payable';
    case 'fee_vat_payable':
      return 'fee_vat_receivable';
    case 'fee_vat_receivable':
      return 'fee_vat_payable';
    default: {
      const unknown: never = kind;
      throw new Error(`unknown account kind ${String(unknown)}`);
    }
  }
}
