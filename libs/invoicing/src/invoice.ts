import type { CdrReference, PartyId, RoundingPolicy } from '#ledger';
import type { VatCategory } from './vat-rates.js';

/**
 * Invoices and credit notes (EN 16931 semantic model, business terms in brackets). Documents are
 * issued once and never modified: a correction is a CREDIT_NOTE referencing the invoice it
 * corrects (BT-25). Amounts are integer minor units of the invoice currency as decimal integer
 * strings; credit note amounts are positive (the amount credited), as UBL expects.
 */
export type InvoiceType = 'INVOICE' | 'CREDIT_NOTE';

/**
 * - `cdr_charges`: CPO -> eMSP, one line per CDR (the charging sessions);
 * - `fees`: fee beneficiary (hub ...) -> CPO, one line per CDR charged a fee;
 * - `driver_charges`: eMSP -> driver (one contract id), one line per session, end-customer price.
 */
export type InvoiceKind = 'cdr_charges' | 'fees' | 'driver_charges';

/**
 * A seller or buyer (BG-4 / BG-7). Details come from the partner registry; a driver (buyer of
 * a `driver_charges` invoice) has no OCPI party but a contract id.
 */
export interface InvoiceParty {
  /** The roaming partner, or null for a driver. */
  readonly party: PartyId | null;
  /** The driver's contract id (cdr_token.contract_id), or null for a partner. */
  readonly contract_id?: string | null;
  /** BT-27 / BT-44 (legal registration name). */
  readonly name: string;
  /** BT-40 / BT-55, ISO 3166 alpha-2. */
  readonly country_code: string;
  /** BT-31 / BT-48, e.g. "DE123456789"; required for reverse charge by BR-AE-02/03. */
  readonly vat_id: string | null;
  /** BT-34 / BT-49 with its scheme (EAS code, e.g. "0088" GLN, "9930" DE VAT): Peppol needs it. */
  readonly electronic_address: { readonly scheme: string; readonly id: string } | null;
  /** BG-5 / BG-8 postal address (BT-35..40 / BT-50..55); its country, else country_code. */
  readonly address: {
    readonly street: string | null;
    readonly additional_street?: string | null;
    readonly city: string | null;
    readonly postal_code: string | null;
    readonly country_subdivision?: string | null;
    readonly country?: string | null;
  } | null;
  /** BG-6 / BG-9 contact (BT-41..43 / BT-56..58). */
  readonly contact?: {
    readonly name?: string | null;
    readonly email?: string | null;
    readonly phone?: string | null;
  } | null;
  /** BG-16 / BG-17 when this party is the payee: means code (BT-81), IBAN (BT-84), BIC (BT-86). */
  readonly payment?: {
    readonly means_code: string;
    readonly iban: string;
    readonly bic?: string | null;
    readonly account_name?: string | null;
  } | null;
  /** BT-30 / BT-47 legal registration identifier with its scheme (0106 KvK ...). */
  readonly legal_registration?: { readonly scheme: string; readonly id: string } | null;
  /** BT-10 when this party is the buyer (else the agreement id). */
  readonly buyer_reference?: string | null;
}

/** Sellers are always roaming partners: their number sequence is per party. */
export type IssuerParty = InvoiceParty & { readonly party: PartyId };

export interface InvoiceLine {
  /** BT-126, "1", "2", ... */
  readonly line_id: string;
  /** The CDR the line charges (traceability), or null. */
  readonly cdr: CdrReference | null;
  /** For a credit CDR: the CDR id it credits. */
  readonly credit_of: string | null;
  /** For a dispute adjustment of the CDR: the dispute (absent on other lines). */
  readonly dispute_id?: string;
  /** BT-153 item name. */
  readonly item_name: string;
  /** BT-127 line note (session time, energy, contract id). */
  readonly note: string | null;
  /** BT-129, decimal string; BT-130 unit code "C62" (one): ±1, or ±CDRs when aggregated. */
  readonly quantity: string;
  /**
   * BT-149 item price base quantity, on aggregated lines only (invoice-line-groups.ts): the
   * number of CDRs, so that BT-131 = BT-129 x BT-146 / BT-149 holds exactly.
   */
  readonly price_base_quantity?: string;
  /** On aggregated lines: how many CDR charges the line sums (absent on itemised lines). */
  readonly cdr_count?: number;
  /** BT-131, signed on invoices (a same-period credit CDR is a negative line). */
  readonly net_minor: string;
  /** BT-146 net unit price, >= 0; with BT-129 = ±1 it is |net|. */
  readonly price_minor: string;
  /** BT-151, BT-152. */
  readonly vat_category: VatCategory;
  readonly vat_rate_percent: string;
  /** BG-26 line period (the session), ISO dates. */
  readonly period: { readonly start_date: string; readonly end_date: string } | null;
}

/** BG-24 additional supporting document: here the CDR list of an aggregated document. */
export interface SupportingDocument {
  /** BT-122 */
  readonly id: string;
  /** BT-123 */
  readonly description: string;
  /** BT-124 is this path on the ledger's public URL (`GET /v1/invoices/{id}/cdrs`). */
  readonly uri_path: string;
  /** The media type the URI answers with. */
  readonly mime_code: string;
}

/** One entry of the VAT breakdown (BG-23) per category and rate. */
export interface VatBreakdownEntry {
  readonly category: VatCategory;
  readonly rate_percent: string;
  /** BT-116 */
  readonly taxable_minor: string;
  /** BT-117 = BT-116 x BT-119 / 100, rounded once to minor units (BR-CO-17). */
  readonly tax_minor: string;
  /** BT-120 / BT-121 (reverse charge). */
  readonly exemption_reason: string | null;
  readonly exemption_reason_code: string | null;
}

export interface InvoiceTotals {
  /** BT-106 = sum of BT-131 (BR-CO-10). */
  readonly line_net_minor: string;
  /** BT-107 / BT-108: document level allowances and charges (none issued here: "0"). */
  readonly allowances_minor: string;
  readonly charges_minor: string;
  /** BT-109 = BT-106 - BT-107 + BT-108 (BR-CO-13). */
  readonly tax_exclusive_minor: string;
  /** BT-110 = sum of BT-117 (BR-CO-14). */
  readonly vat_minor: string;
  /** BT-112 = BT-109 + BT-110 (BR-CO-15). */
  readonly tax_inclusive_minor: string;
  /** BT-113 paid amount, BT-114 rounding amount. */
  readonly prepaid_minor: string;
  readonly rounding_minor: string;
  /** BT-115 = BT-112 - BT-113 + BT-114 (BR-CO-16). */
  readonly payable_minor: string;
}

/** An invoice before its number: what planning a statement's invoices produces. */
export interface InvoiceDraft {
  /** Deterministic: `{statement_id}-{kind}-{issuer}[-{n}]` (safe in a URL path segment). */
  readonly invoice_id: string;
  readonly type: InvoiceType;
  readonly kind: InvoiceKind;
  readonly issuer: IssuerParty;
  readonly recipient: InvoiceParty;
  /** BT-5 */
  readonly currency: string;
  /** BT-2, BT-9 (null on credit notes). */
  readonly issue_date: string;
  readonly due_date: string | null;
  /** BG-14 invoicing period: the supply dates of its lines (first to last), ISO dates. */
  readonly period: { readonly start_date: string; readonly end_date: string };
  readonly statement_id: string;
  /** BT-10 buyer reference: the agreement id. */
  readonly agreement_id: string;
  /** BT-25 / BT-26: the invoice a credit note corrects. */
  readonly preceding_invoice: PrecedingInvoice | null;
  /** BT-22 notes ("Reverse charge", the rounding policy ...). */
  readonly notes: readonly string[];
  readonly payment_terms: string | null;
  readonly rounding: RoundingPolicy;
  readonly lines: readonly InvoiceLine[];
  /** BG-24: the CDR list of a document with aggregated lines (absent when itemised). */
  readonly supporting_documents?: readonly SupportingDocument[];
  readonly vat_breakdown: readonly VatBreakdownEntry[];
  readonly totals: InvoiceTotals;
}

export interface PrecedingInvoice {
  readonly invoice_id: string;
  readonly number: string;
  readonly issue_date: string;
}

/** An issued document: the draft with its gap-free number (BT-1) from the issuer's sequence. */
export interface Invoice extends InvoiceDraft {
  readonly number: string;
  /** 1, 2, 3 ... per issuer, shared by invoices and credit notes. */
  readonly sequence: number;
  readonly issued_at: string;
}

/** The list entry of `GET /v1/partners/{cc}/{pid}/invoices`: amounts in major units. */
export interface InvoiceSummary {
  readonly id: string;
  readonly number: string;
  readonly type: InvoiceType;
  readonly issuer: PartyId;
  /** A partner, or `{ contract_id }` for a driver invoice. */
  readonly recipient: PartyId | { readonly contract_id: string };
  readonly currency: string;
  readonly issue_date: string;
  readonly total_excl_vat: string;
  readonly total_vat: string;
  readonly total_incl_vat: string;
  readonly statement_id: string;
}
