import type { StatementLeakage } from './statement-leakage.js';
import type { VatShare, VatSplitPart } from './vat-split.js';
import type { VatTreatment } from '#agreements';
import type {
  CdrReference,
  LedgerTransactionJson,
  PartyId,
  PostingJson,
  RoundingPolicy,
} from '#ledger';

/**
 * Settlement statements: one stream per agreement, `statements-{agreement_id}`, holding one
 * SettlementStatementIssued per closed period. A period is (previous period_end, period_end];
 * what falls into it is decided by the time the LEDGER POSTED an entry (CdrPosted.posted_at, a
 * payment's posted_at), never by the session time. A CDR that arrives (or is reassessed and
 * posted) after a period was closed is "late": it belongs to the next period, whatever its
 * session dates. A closed statement is never changed.
 *
 * Amounts are integer minor units of the agreement currency as decimal integer strings
 * (`amount_minor`), signed where a sign means something (credit CDRs are negative).
 */
export const STATEMENT_STREAM_PREFIX = 'statements-';

export function statementStreamName(agreement_id: string): string {
  return `${STATEMENT_STREAM_PREFIX}${agreement_id}`;
}

/** The agreement terms a close needs (an AgreementVersion from libs/agreements satisfies it). */
export interface StatementTerms {
  readonly agreement_id: string;
  readonly version: number;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  readonly currency: string;
  readonly rounding: RoundingPolicy;
  readonly vat_treatment: VatTreatment;
  readonly payment_terms_days: number;
}

/** A posted CDR (or credit CDR) of the agreement, as the handler read it from its stream. */
export interface CdrStatementEntry {
  readonly kind: 'cdr';
  readonly cdr: CdrReference;
  /** CdrPosted.posted_at: decides the period. */
  readonly posted_at: string;
  /** For a credit CDR: the id of the CDR it credits (same party); else null. */
  readonly credit_of: string | null;
  /** CdrPosted.amount_minor: settled amount, signed (negative for a credit CDR). */
  readonly amount_minor: string;
  readonly settled_on: 'incl_vat' | 'excl_vat';
  /** The CPO's total_cost excl. VAT as claimed (decimal string, signed): the invoice net. */
  readonly claimed_excl_vat: string;
  readonly transaction: LedgerTransactionJson;
  readonly session: CdrSessionFacts;
}

/** What an invoice line says about the charging session behind a CDR. */
export interface CdrSessionFacts {
  readonly start_date_time: string;
  readonly end_date_time: string | null;
  /** total_energy in kWh as a decimal string, or null. */
  readonly energy_kwh: string | null;
  /** cdr_token.contract_id (the driver's contract), or null. */
  readonly contract_id: string | null;
  /** ISO 3166 alpha-2 country where the charging took place (the place of supply). */
  readonly country_of_supply: string;
  /**
   * The VAT rate (percent, decimal string) the CDR's tariff states for all its price components,
   * i.e. the rate behind the amount incl. VAT the ledger settled. Absent (read as null) when it
   * states none or several, and in facts recorded before it existed.
   */
  readonly stated_vat_rate_percent?: string | null;
  /**
   * The local date of the supply (ISO date): the session's end (else start) in the Location's
   * time zone (UTC when none is known); it picks the place-of-supply VAT rate in force. Absent
   * in facts recorded before it existed (then today's rate applies).
   */
  readonly supply_date?: string | null;
  /**
   * The parts of the price per VAT rate (and per tax that is not VAT) when there are several:
   * from the OCPI 2.3.0 taxes the CDR states, else from the ledger's price breakdown (each
   * component's `vat`). Absent when the CDR has one rate or states none.
   */
  readonly vat_shares?: readonly VatShare[];
}

/** A payment between two parties of the agreement (eMSP -> CPO, CPO -> fee beneficiary). */
export interface PaymentStatementEntry {
  readonly kind: 'payment';
  readonly payment_id: string;
  readonly payer: PartyId;
  readonly payee: PartyId;
  /** > 0, minor units. */
  readonly amount_minor: string;
  readonly posted_at: string;
}

/**
 * A dispute's adjustment of a CDR (libs/cdrs `CdrDisputeResolved.adjustment`): the change of
 * what the CDR settles, posted at its resolution. It belongs to the period it was posted in,
 * whatever the CDR's own period: a closed statement never changes.
 */
export interface AdjustmentStatementEntry {
  readonly kind: 'adjustment';
  readonly cdr: CdrReference;
  readonly dispute_id: string;
  readonly outcome: 'ADJUSTED' | 'VOIDED';
  /** When the compensating transaction was posted: decides the period. */
  readonly posted_at: string;
  /** Change of the settled amount, signed minor units. */
  readonly amount_minor: string;
  readonly settled_on: 'incl_vat' | 'excl_vat';
  /** The CDR's cost excl. VAT before and after the adjustment (exact decimals). */
  readonly excl_vat_before: string;
  readonly excl_vat_after: string;
  /** The compensating transaction. */
  readonly transaction: LedgerTransactionJson;
  readonly session: CdrSessionFacts;
}

/**
 * A refund to the driver decided by a dispute resolution (`driver_refund`, incl. VAT), credited
 * by the eMSP at its next driver close on a credit note referencing the driver invoice.
 */
export interface DriverRefundEntry {
  readonly dispute_id: string;
  readonly cdr: CdrReference;
  readonly emsp: PartyId;
  /** Major units incl. VAT, exact decimal ("3.57"). */
  readonly amount_incl_vat: string;
  /** When the resolution was recorded: decides the driver period. */
  readonly posted_at: string;
  readonly session: CdrSessionFacts;
}

export type StatementEntry = CdrStatementEntry | AdjustmentStatementEntry | PaymentStatementEntry;

export interface FeeAmount {
  readonly beneficiary: PartyId;
  readonly amount_minor: string;
}

export interface StatementCdrLine extends CdrReference {
  readonly posted_at: string;
  readonly credit_of: string | null;
  /** What the eMSP owes the CPO for it (the ledger's posted amount), signed. */
  readonly amount_minor: string;
  /** The CPO's claimed amount excl. VAT rounded by the agreement policy, signed. */
  readonly amount_excl_vat_minor: string;
  /** amount - amount excl. VAT when settled incl. VAT; "0" under reverse charge. */
  readonly vat_minor: string;
  readonly settled_on: 'incl_vat' | 'excl_vat';
  readonly fees: readonly FeeAmount[];
  readonly session: CdrSessionFacts;
  /** On adjustment lines: the dispute whose resolution posted it (absent on other lines). */
  readonly dispute_id?: string;
  /**
   * The settled amount split over the session's `vat_shares` (vat-split.ts) when it has them
   * and was settled incl. VAT; `amount_excl_vat_minor` is then the sum of the parts' nets.
   */
  readonly vat_split?: readonly VatSplitPart[];
}

export interface StatementPayment {
  readonly payment_id: string;
  readonly payer: PartyId;
  readonly payee: PartyId;
  readonly amount_minor: string;
  readonly posted_at: string;
}

/**
 * What the CPO owes one fee beneficiary, over the periods. The ledger posts each CDR's fees
 * excl. VAT (`settled_on: 'excl_vat'`); the close that issues the fee invoice posts their VAT
 * as the invoice charges it (`vat_on_fees: 'posted_at_close'`, `vat_minor`), so the closing
 * balance is what the fee documents ask. Statements issued before that say
 * `'invoiced_separately'`: their fee VAT was payable on top of the balance and never posted.
 */
export interface FeeBalance {
  readonly beneficiary: PartyId;
  /** Absent in statements issued before it existed (they were settled net as well). */
  readonly settled_on?: 'excl_vat';
  readonly vat_on_fees?: 'invoiced_separately' | 'posted_at_close';
  readonly opening_balance_minor: string;
  readonly fees_minor: string;
  /** The VAT on the period's fee documents, posted at the close (absent before it was). */
  readonly vat_minor?: string;
  readonly payments_minor: string;
  readonly closing_balance_minor: string;
}

export interface SettlementStatement {
  readonly statement_id: string;
  readonly agreement_id: string;
  readonly agreement_version: number;
  /** 1 for the agreement's first statement, +1 per close. */
  readonly sequence: number;
  readonly period_start: string;
  readonly period_end: string;
  readonly closed_at: string;
  readonly issue_date: string;
  readonly due_date: string;
  readonly currency: string;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  readonly vat_treatment: VatTreatment;
  readonly rounding: RoundingPolicy;
  readonly cdr_lines: readonly StatementCdrLine[];
  readonly credit_lines: readonly StatementCdrLine[];
  /**
   * Dispute adjustments posted in the period (signed changes of CDRs settled here or in an
   * earlier period); absent in statements issued before disputes existed.
   */
  readonly adjustment_lines?: readonly StatementCdrLine[];
  readonly payments: readonly StatementPayment[];
  /** What the eMSP owed the CPO at the previous close (0 for the first statement). */
  readonly opening_balance_minor: string;
  readonly charges_minor: string;
  /** Sum of credit CDRs, <= 0. */
  readonly credits_minor: string;
  /** Sum of the adjustment lines, signed; absent (0) in statements issued before it. */
  readonly adjustments_minor?: string;
  /**
   * The charge documents' VAT rounding posted at the close (`reconciliation.charges
   * .difference_minor`), signed; absent (0) in statements issued before it was posted.
   */
  readonly documents_rounding_minor?: string;
  /** Paid by the eMSP to the CPO in the period. */
  readonly payments_minor: string;
  /**
   * opening + charges + credits + adjustments + documents rounding - payments: what the eMSP
   * owes the CPO now.
   */
  readonly closing_balance_minor: string;
  /** max(closing balance, 0), payable by due_date. */
  readonly amount_due_minor: string;
  readonly fee_balances: readonly FeeBalance[];
  /**
   * The statement's figures against its documents (libs/invoicing `reconcileStatement`), added
   * by the close before the statement is appended; absent in statements issued before it.
   */
  readonly reconciliation?: StatementReconciliation;
  /**
   * The log position the read models the close decided from had reached (decimal string): a
   * replay of the log to that position gives the same entries, so the same statement. Absent
   * in statements issued before it was recorded.
   */
  readonly read_models_position?: string;
  /**
   * The agreement's exceptions open at the close and the amount they put at risk
   * (statement-leakage.ts), added by the close; absent in statements issued before it.
   */
  readonly leakage?: StatementLeakage;
  /**
   * What the close posted so that the ledger equals the documents it issues (libs/invoicing
   * document-postings.ts): the charge documents' VAT rounding and the VAT on fees. Null when
   * there was nothing to post; absent in statements issued before it existed.
   */
  readonly document_postings?: DocumentPostings | null;
}

/** A transaction a close posts (like a CDR's, but referencing its statement). */
export interface StatementTransactionJson {
  /** `{statement_id}-documents`. */
  readonly transaction_id: string;
  readonly currency: string;
  readonly agreement_id: string;
  readonly statement_id: string;
  readonly postings: readonly PostingJson[];
}

export interface DocumentPostings {
  /** The close's time (`closed_at`): when the ledger posted it. */
  readonly posted_at: string;
  readonly transaction: StatementTransactionJson;
}

/** Per VAT category and rate: the VAT the ledger posted vs the VAT the documents charge. */
export interface VatRateReconciliation {
  readonly category: string;
  readonly rate_percent: string;
  readonly lines: number;
  /** Sum of the line nets (the same on both sides), signed. */
  readonly net_minor: string;
  /** Sum of the per-CDR VAT the ledger posted (amount incl. VAT - rounded amount excl. VAT). */
  readonly posted_vat_minor: string;
  /** The documents' VAT of this rate (credit notes negative): rounded once per document. */
  readonly invoiced_vat_minor: string;
  /** invoiced - posted: the rounding difference of this rate. */
  readonly difference_minor: string;
}

/** The CPO's charges to the eMSP: posted balance movement vs the charge documents. */
export interface ChargesReconciliation {
  /** charges + credits of the statement: what the ledger posted (incl. VAT when standard). */
  readonly posted_minor: string;
  readonly posted_vat_minor: string;
  readonly invoiced_excl_vat_minor: string;
  readonly invoiced_vat_minor: string;
  /** Sum of the documents' totals incl. VAT, credit notes negative. */
  readonly invoiced_incl_vat_minor: string;
  /** invoiced_incl_vat - posted: the rounding difference, settled as shown (not posted). */
  readonly difference_minor: string;
  readonly by_vat_rate: readonly VatRateReconciliation[];
}

/** A fee beneficiary: the fees posted net vs its fee documents. */
export interface FeesReconciliation {
  readonly beneficiary: PartyId;
  readonly settled_on: 'excl_vat';
  readonly vat_on_fees: 'invoiced_separately' | 'posted_at_close';
  /** The period's fees as posted (excl. VAT), signed. */
  readonly posted_minor: string;
  readonly invoiced_excl_vat_minor: string;
  /** VAT on the fees: on the fee documents only, payable on top of the fee balance. */
  readonly invoiced_vat_minor: string;
  readonly invoiced_incl_vat_minor: string;
  /** invoiced_excl_vat - posted: always 0 (fees are posted net, per CDR, as invoiced). */
  readonly difference_excl_vat_minor: string;
}

/** A CDR whose tariff states a VAT rate other than the place of supply's standard rate. */
export interface VatRateDifference extends CdrReference {
  readonly country_of_supply: string;
  /** The rate the CDR states, which the ledger settled (the invoice applies it when > 0). */
  readonly stated_rate_percent: string;
  /** The standard rate of the place of supply, or null when the table has none. */
  readonly place_of_supply_rate_percent: string | null;
}

export interface StatementReconciliation {
  /**
   * `line_nets_rounded_vat_rounded_once_per_rate` (EN 16931 BR-CO-17): each CDR's net is
   * rounded once (as posted); VAT is computed per document and rate on the sum of the nets and
   * rounded once. The ledger posted each CDR's amount incl. VAT rounded: the difference between
   * the two is the rounding difference below, in `rounding` mode.
   */
  readonly policy: 'line_nets_rounded_vat_rounded_once_per_rate';
  readonly rounding: RoundingPolicy;
  readonly charges: ChargesReconciliation;
  readonly fees: readonly FeesReconciliation[];
  /** The first VAT_RATE_DIFFERENCES_LISTED_MAX of them, in line order. */
  readonly vat_rate_differences: readonly VatRateDifference[];
  /** Every line whose stated rate differs (absent in statements issued before the list was
   * bounded: they listed all). */
  readonly vat_rate_differences_total?: number;
}

/**
 * Lines with a VAT rate difference listed in a statement's header at most: the header is one
 * event, bounded in size whatever the period; each line on the statement's pages keeps its
 * country of supply and rates, so the full list can always be derived from them.
 */
export const VAT_RATE_DIFFERENCES_LISTED_MAX = 100;

// The decider's commands, events and state (kept apart so each file stays small).
export * from './statement-decider-types.js';
