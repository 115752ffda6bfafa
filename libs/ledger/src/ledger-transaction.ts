/**
 * Double-entry ledger transactions.
 *
 * The ledger books obligations between roaming partners as a clearing book. Every account
 * belongs to one party, has a kind (the party's role in the obligation), names the counterparty
 * the obligation is with, and is kept per currency (the transaction's currency). Account kinds:
 *
 * | kind             | held by          | counterparty     | normal side | meaning                     |
 * | ---------------- | ---------------- | ---------------- | ----------- | --------------------------- |
 * | `emsp_payable`   | eMSP             | CPO              | debit       | eMSP owes the CPO for CDRs  |
 * | `cpo_receivable` | CPO              | eMSP             | credit      | CPO is owed by the eMSP     |
 * | `fee_payable`    | CPO              | fee beneficiary  | debit       | CPO owes a fee (hub, ...)   |
 * | `fee_receivable` | fee beneficiary  | CPO              | credit      | beneficiary is owed the fee |
 * | `fee_vat_payable` | CPO             | fee beneficiary  | debit       | CPO owes the VAT on fees    |
 * | `fee_vat_receivable` | beneficiary  | CPO              | credit      | beneficiary is owed it      |
 *
 * Fees are posted net with each CDR; the VAT on them is posted by the close that issues the fee
 * invoices, exactly as those invoices charge it (VAT rounded once per document and rate), with
 * the charge documents' VAT rounding on `emsp_payable` / `cpo_receivable` (libs/invoicing
 * document-postings.ts): paying every document exactly leaves every balance at zero.
 *
 * Sign convention for balances: a credit posting means the account's party is owed that amount
 * (+), a debit means it owes it (-). Summed over all parties a balanced transaction nets to zero.
 * Postings carry positive amounts and a direction; a reversal flips every direction.
 */
export interface PartyId {
  /** ISO 3166 alpha-2 country code, OCPI style: 2 uppercase letters (`DE`). */
  readonly country_code: string;
  /** OCPI party id: 3 uppercase alphanumerics (`ABC`). */
  readonly party_id: string;
}

export const ACCOUNT_KINDS = [
  'emsp_payable',
  'cpo_receivable',
  'fee_payable',
  'fee_receivable',
  'fee_vat_payable',
  'fee_vat_receivable',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface Account {
  readonly party: PartyId;
  readonly kind: AccountKind;
  readonly counterparty: PartyId;
}

export type PostingDirection = 'debit' | 'credit';

export interface Posting {
  readonly account: Account;
  readonly direction: PostingDirection;
  /** Always > 0 in integer minor units of the transaction's currency. */
  readonly amount_minor: bigint;
}

/** What a transaction settles: one CDR, or the credit (reversal) of one. */
export interface CdrReference {
  readonly country_code: string;
  readonly party_id: string;
  readonly cdr_id: string;
}

export interface LedgerTransaction {
  /** Deterministic id (derived by the handler from the business key, e.g. the CDR key). */
  readonly transaction_id: string;
  /** ISO 4217 alpha-3. Every posting is in this currency. */
  readonly currency: string;
  readonly agreement_id: string;
  readonly agreement_version: number;
  readonly cdr: CdrReference;
  /** The transaction this one reverses (credit CDRs), or null. */
  readonly reverses_transaction_id: string | null;
  readonly postings: readonly Posting[];
}

/** The JSON-serialisable form used in event data: amounts as decimal integer strings. */
export interface PostingJson {
  readonly account: Account;
  readonly direction: PostingDirection;
  readonly amount_minor: string;
}

export interface LedgerTransactionJson extends Omit<LedgerTransaction, 'postings'> {
  readonly postings: readonly PostingJson[];
}

export function toTransactionJson(tx: LedgerTransaction): LedgerTransactionJson {
  return {
    ...tx,
    postings: tx.postings.map((p) => ({ ...p, amount_minor: p.amount_minor.toString() })),
  };
}

/** Inverse of toTransactionJson; throws a SyntaxError on a malformed amount (a corrupt event). */
export function fromTransactionJson(json: LedgerTransactionJson): LedgerTransaction {
  return {
    ...json,
    postings: json.postings.map((p) => ({ ...p, amount_minor: BigInt(p.amount_minor) })),
  };
}

export function samePartyId(a: PartyId, b: PartyId): boolean {
  return a.country_code === b.country_code && a.party_id === b.party_id;
}

/** `DE/ABC`: a stable textual key for a party, as used in principals and map keys. */
export function partyKey(party: PartyId): string {
  return `${party.country_code}/${party.party_id}`;
}
