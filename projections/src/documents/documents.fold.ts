import type { RecordedEvent } from '#event-store';
import { isEventOf, unhandledEvent, type EventOf } from '#event-schemas';
import type { CdrDisputeResolvedData, CdrPostedData } from '#cdrs';
import { type InvoicedCdr, type Invoice, invoicedCdrsOf } from '#invoicing';
import { instantMs, invariant, partyKey, type PartyId } from '#ledger';
import type { PaymentRecordedData } from '#payments';
import type { DisputeResolvedData } from '#disputes';
import {
  type AdjustmentStatementEntry,
  type CdrSessionFacts,
  type DriverRefundEntry,
  type CdrStatementEntry,
  type PaymentStatementEntry,
  type StatementLinesPage,
  type StoredStatement,
  sessionFactsOf,
} from '#settlement';

/**
 * The settlement-documents fold, pure: which read-model rows an event adds.
 * - CdrReceived: the facts a statement line needs later (claimed net, session), per CDR;
 * - CdrPosted: the CDR's statement entry under its agreement, with its posting time (the close
 *   of a period selects its entries with one indexed range query);
 * - CdrDisputeResolved with an adjustment: the adjustment's statement entry under the CDR's
 *   agreement, with its posting time (closes select it like a posted CDR);
 * - PaymentRecorded: the payment's statement entry, by payer, payee and currency;
 * - SettlementStatementLinesRecorded: a page of a statement's lines (read with its statement);
 * - SettlementStatementIssued: the statement (since issue 14 its header, the lines on pages),
 *   listed for its agreement and parties;
 * - InvoiceIssued: the document, listed for its issuer and recipient, and the CDRs it charged
 *   (the credit-note lookup of later closes).
 * Every other event adds nothing.
 */
export type DocumentRow =
  | {
      readonly kind: 'cdr_facts';
      readonly cdr_key: string;
      readonly claimed_excl_vat: string;
      readonly session: CdrSessionFacts;
    }
  | {
      readonly kind: 'cdr_posted';
      readonly cdr_key: string;
      readonly agreement_id: string;
      readonly posted_at_ms: number;
      /** The net it settles when not the claim (resolved POST_LEDGER_PRICE, a credit of an
       * adjusted CDR), else null (then the claimed one). */
      readonly settled_excl_vat: string | null;
      /** The entry without its facts: the writer completes it from the `cdr_facts` row. */
      readonly entry: Omit<CdrStatementEntry, 'claimed_excl_vat' | 'session'>;
    }
  | {
      readonly kind: 'cdr_adjusted';
      readonly cdr_key: string;
      readonly agreement_id: string;
      readonly posted_at_ms: number;
      /** The entry without its session facts: the writer completes it from `cdr_facts`. */
      readonly entry: Omit<AdjustmentStatementEntry, 'session'>;
    }
  | {
      readonly kind: 'driver_refund';
      readonly cdr_key: string;
      readonly posted_at_ms: number;
      /** The entry without its session facts: the writer completes it from `cdr_facts`. */
      readonly entry: Omit<DriverRefundEntry, 'session'>;
    }
  | {
      readonly kind: 'payment';
      readonly payer: string;
      readonly payee: string;
      readonly currency: string;
      readonly posted_at_ms: number;
      readonly entry: PaymentStatementEntry;
    }
  | {
      readonly kind: 'statement_page';
      readonly page: StatementLinesPage;
    }
  | {
      readonly kind: 'statement';
      readonly statement: StoredStatement;
      readonly parties: readonly string[];
    }
  | {
      readonly kind: 'invoice';
      readonly invoice: Invoice;
      readonly issuer: string;
      readonly parties: readonly string[];
      /** The CDRs the invoice charged (the credit-note lookup of later closes). */
      readonly invoiced_cdrs: readonly InvoicedCdr[];
    };

/** Event types the documents projection reads. */
export const DOCUMENT_EVENT_TYPES = [
  'CdrReceived',
  'CdrPosted',
  'CdrDisputeResolved',
  'DisputeResolved',
  'PaymentRecorded',
  'SettlementStatementLinesRecorded',
  'SettlementStatementIssued',
  'InvoiceIssued',
] as const;

/** `DE/ABC/CDR1`: one CDR (ids are unique per CPO). */
export function cdrKey(cdr: { country_code: string; party_id: string; cdr_id: string }): string {
  return `${cdr.country_code}/${cdr.party_id}/${cdr.cdr_id}`;
}

/** An event the documents fold reads. */
type DocumentsEvent = EventOf<(typeof DOCUMENT_EVENT_TYPES)[number]>;

/** The rows of any event: none for a type the projection does not read. */
export function documentRowsOf(event: Pick<RecordedEvent, 'type' | 'data'>): DocumentRow[] {
  return isEventOf(DOCUMENT_EVENT_TYPES, event) ? rowsOfDocumentsEvent(event) : [];
}

function rowsOfDocumentsEvent(event: DocumentsEvent): DocumentRow[] {
  switch (event.type) {
    case 'CdrReceived': {
      const { data } = event;
      return [
        {
          kind: 'cdr_facts',
          cdr_key: cdrKey(data),
          claimed_excl_vat: data.claimed_total_cost.excl_vat,
          session: sessionFactsOf(data),
        },
      ];
    }
    case 'CdrPosted':
      return [cdrPostedRow(event.data)];
    case 'CdrDisputeResolved':
      return cdrAdjustedRows(event.data);
    case 'DisputeResolved':
      return driverRefundRows(event.data);
    case 'PaymentRecorded':
      return [paymentRow(event.data)];
    case 'SettlementStatementLinesRecorded':
      return [{ kind: 'statement_page', page: event.data }];
    case 'SettlementStatementIssued': {
      const statement = event.data;
      const parties = new Set([
        partyKey(statement.cpo),
        partyKey(statement.emsp),
        ...statement.fee_balances.map((fee) => partyKey(fee.beneficiary)),
      ]);
      return [{ kind: 'statement', statement, parties: [...parties] }];
    }
    case 'InvoiceIssued':
      return [invoiceRow(event.data)];
    default:
      return unhandledEvent(event);
  }
}

function cdrPostedRow(data: CdrPostedData): DocumentRow {
  const posted_at_ms = instantMs(data.posted_at);
  invariant(Number.isFinite(posted_at_ms), `CDR ${data.cdr_id}: posted_at is not an instant`);
  return {
    kind: 'cdr_posted',
    cdr_key: cdrKey(data),
    agreement_id: data.transaction.agreement_id,
    posted_at_ms,
    settled_excl_vat: data.settled_excl_vat ?? null,
    entry: {
      kind: 'cdr',
      cdr: { country_code: data.country_code, party_id: data.party_id, cdr_id: data.cdr_id },
      posted_at: data.posted_at,
      credit_of: data.credit_of,
      amount_minor: data.amount_minor,
      settled_on: data.settled_on,
      transaction: data.transaction,
    },
  };
}

function cdrAdjustedRows(data: CdrDisputeResolvedData): DocumentRow[] {
  const { adjustment } = data;
  if (adjustment === null || data.outcome === 'REJECTED') return [];
  const posted_at_ms = instantMs(adjustment.posted_at);
  invariant(Number.isFinite(posted_at_ms), `dispute ${data.dispute_id}: posted_at`);
  return [
    {
      kind: 'cdr_adjusted',
      cdr_key: cdrKey(data),
      agreement_id: adjustment.transaction.agreement_id,
      posted_at_ms,
      entry: {
        kind: 'adjustment',
        cdr: { country_code: data.country_code, party_id: data.party_id, cdr_id: data.cdr_id },
        dispute_id: data.dispute_id,
        outcome: data.outcome,
        posted_at: adjustment.posted_at,
        amount_minor: adjustment.amount_minor,
        settled_on: adjustment.settled_on,
        excl_vat_before: adjustment.excl_vat_before,
        excl_vat_after: adjustment.excl_vat_after,
        transaction: adjustment.transaction,
      },
    },
  ];
}

function driverRefundRows(data: DisputeResolvedData): DocumentRow[] {
  if (data.driver_refund === null || data.emsp === null || data.emsp === undefined) return [];
  const posted_at_ms = instantMs(data.resolved_at);
  invariant(Number.isFinite(posted_at_ms), `dispute ${data.dispute_id}: resolved_at`);
  const { dispute_id, cdr, emsp, driver_refund, resolved_at } = data;
  return [
    {
      kind: 'driver_refund',
      cdr_key: cdrKey(cdr),
      posted_at_ms,
      entry: { dispute_id, cdr, emsp, amount_incl_vat: driver_refund, posted_at: resolved_at },
    },
  ];
}

function paymentRow(data: PaymentRecordedData): DocumentRow {
  const posted_at_ms = instantMs(data.posted_at);
  invariant(Number.isFinite(posted_at_ms), `payment ${data.payment_id}: posted_at`);
  return {
    kind: 'payment',
    payer: partyKey(data.payer),
    payee: partyKey(data.payee),
    currency: data.currency,
    posted_at_ms,
    entry: {
      kind: 'payment',
      payment_id: data.payment_id,
      payer: data.payer,
      payee: data.payee,
      amount_minor: data.amount_minor,
      posted_at: data.posted_at,
    },
  };
}

function invoiceRow(invoice: Invoice): DocumentRow {
  const issuer = partyKey(invoice.issuer.party);
  const recipient: PartyId | null = invoice.recipient.party;
  const parties = recipient === null ? [issuer] : [...new Set([issuer, partyKey(recipient)])];
  return {
    kind: 'invoice',
    invoice,
    issuer,
    parties,
    invoiced_cdrs: invoicedCdrsOf(invoice),
  };
}
