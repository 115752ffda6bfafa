import { ciEqual, ciKey } from '#ocpi';
import { type CdrReference, invariant } from '#ledger';
import { lastDayOf, type SettlementStatement, type StatementCdrLine, utcDateOf } from '#settlement';
import { invoiceArithmeticViolations, invoiceTotals, vatBreakdown } from './invoice-arithmetic.js';
import type {
  InvoiceDraft,
  InvoiceKind,
  InvoiceLine,
  InvoiceParty,
  InvoiceType,
  IssuerParty,
  PrecedingInvoice,
} from './invoice.js';
import { aggregateLines, cdrListDocument } from './invoice-line-groups.js';
import { REVERSE_CHARGE_NOTE, type VatClassification } from './vat-rates.js';

/**
 * Turning planned charges into documents (shared by partner and driver invoices): the charges
 * of a statement go on one INVOICE, except credit CDRs whose credited CDR was invoiced in an
 * earlier period: those go on CREDIT_NOTEs, one per credited invoice, referencing it (BT-25).
 */

/** Which invoice charged a CDR (a projection of issued invoices: `invoicedCdrsOf`). */
export interface InvoicedCdr {
  readonly cdr: CdrReference;
  readonly kind: InvoiceKind;
  readonly invoice: PrecedingInvoice;
}

/** One charge to put on a document, signed (negative for a credit CDR). */
export interface Charge {
  readonly line: StatementCdrLine;
  readonly net_minor: bigint;
  readonly vat: VatClassification;
  readonly item_name: string;
}

export interface DocumentPlan {
  readonly kind: InvoiceKind;
  readonly issuer: IssuerParty;
  readonly recipient: InvoiceParty;
  /** Unique among the statement's plans: `{statement_id}-{id_part}` is the invoice id. */
  readonly id_part: string;
  readonly reverse_charge: boolean;
  readonly charges: readonly Charge[];
  /** Notes of this kind of document, after the reverse charge note. */
  readonly notes?: readonly string[];
  /**
   * A document of more charges than this gets aggregated lines and its CDR list as a
   * supporting document (invoice-line-groups.ts); absent: always itemised (driver invoices).
   */
  readonly itemised_max?: number;
}

/** Documents as issued (aggregated above `itemised_max`), or every one itemised per CDR (the
 * CDR list of a document, `GET /v1/invoices/{id}/cdrs`). */
export type LineModel = 'as_issued' | 'itemised';

/** The index entries of an issued invoice's CDR lines (for `invoiced_cdrs`). */
export function invoicedCdrsOf(invoice: InvoiceDraft & { readonly number: string }): InvoicedCdr[] {
  if (invoice.type !== 'INVOICE') return [];
  const preceding = {
    invoice_id: invoice.invoice_id,
    number: invoice.number,
    issue_date: invoice.issue_date,
  };
  return invoice.lines.flatMap((line) =>
    line.cdr !== null && line.credit_of === null && line.dispute_id === undefined
      ? [{ cdr: line.cdr, kind: invoice.kind, invoice: preceding }]
      : [],
  );
}

function sessionNote(line: StatementCdrLine): string {
  const { session } = line;
  const parts = [`session ${session.start_date_time} - ${session.end_date_time ?? '?'}`];
  if (session.energy_kwh !== null) parts.push(`${session.energy_kwh} kWh`);
  if (session.contract_id !== null) parts.push(`contract ${session.contract_id}`);
  parts.push(`supplied in ${session.country_of_supply}`);
  return parts.join(', ');
}

function invoiceLine(charge: Charge, index: number, credit_note: boolean): InvoiceLine {
  const net = credit_note ? -charge.net_minor : charge.net_minor;
  const { line } = charge;
  const start = utcDateOf(line.session.start_date_time);
  const end = line.session.end_date_time === null ? start : utcDateOf(line.session.end_date_time);
  return {
    line_id: String(index + 1),
    cdr: { country_code: line.country_code, party_id: line.party_id, cdr_id: line.cdr_id },
    credit_of: line.credit_of,
    ...(line.dispute_id === undefined ? {} : { dispute_id: line.dispute_id }),
    item_name: charge.item_name,
    note: sessionNote(line),
    quantity: net < 0n ? '-1' : '1',
    net_minor: net.toString(),
    price_minor: (net < 0n ? -net : net).toString(),
    vat_category: charge.vat.category,
    vat_rate_percent: charge.vat.rate_percent,
    period: { start_date: start, end_date: end < start ? start : end },
  };
}

/**
 * BG-14: from the first to the last supply date of the lines (BG-26), so that every line period
 * falls inside it (PEPPOL-EN16931-R110 / R111) even when a CDR arrives late or a period is
 * credited; the statement keeps its posting window.
 */
function supplyPeriodOf(
  lines: readonly InvoiceLine[],
  statement: SettlementStatement,
): { start_date: string; end_date: string } {
  const periods = lines.flatMap((line) => (line.period === null ? [] : [line.period]));
  if (periods.length === 0) {
    return {
      start_date: utcDateOf(statement.period_start),
      end_date: lastDayOf(statement.period_end),
    };
  }
  const starts = periods.map((period) => period.start_date).sort();
  const ends = periods.map((period) => period.end_date).sort();
  return { start_date: starts[0]!, end_date: ends[ends.length - 1]! };
}

function draftOf(
  plan: DocumentPlan,
  spec: { invoice_id: string; type: InvoiceType; charges: readonly Charge[] },
  preceding: PrecedingInvoice | null,
  statement: SettlementStatement,
  model: LineModel = 'as_issued',
): InvoiceDraft {
  const credit_note = spec.type === 'CREDIT_NOTE';
  const itemised = spec.charges.map((charge, index) => invoiceLine(charge, index, credit_note));
  const aggregated =
    model === 'as_issued' && plan.itemised_max !== undefined && itemised.length > plan.itemised_max;
  const lines = aggregated ? aggregateLines(plan.kind, itemised) : itemised;
  const vat_breakdown = vatBreakdown(lines, statement.currency, statement.rounding);
  const notes = [
    ...(plan.reverse_charge ? [`${REVERSE_CHARGE_NOTE}: the recipient accounts for the VAT.`] : []),
    ...(plan.notes ?? []),
    `Settlement statement ${statement.statement_id} of agreement ${statement.agreement_id}.`,
    `VAT per rate on the sum of the line amounts, rounded once (${statement.rounding}).`,
  ];
  const draft: InvoiceDraft = {
    invoice_id: spec.invoice_id,
    type: spec.type,
    kind: plan.kind,
    issuer: plan.issuer,
    recipient: plan.recipient,
    currency: statement.currency,
    issue_date: statement.issue_date,
    due_date: credit_note ? null : statement.due_date,
    period: supplyPeriodOf(lines, statement),
    statement_id: statement.statement_id,
    agreement_id: statement.agreement_id,
    preceding_invoice: preceding,
    notes,
    payment_terms: credit_note ? null : `Payable by ${statement.due_date}.`,
    rounding: statement.rounding,
    lines,
    ...(aggregated
      ? { supporting_documents: [cdrListDocument(spec.invoice_id, itemised.length)] }
      : {}),
    vat_breakdown,
    totals: invoiceTotals(lines, vat_breakdown),
  };
  const violations = invoiceArithmeticViolations(draft);
  invariant(violations.length === 0, `invoice ${draft.invoice_id}: ${violations.join(', ')}`);
  return draft;
}

/** The invoice of this kind that charged the CDR (its first), or null. */
function precedingInvoiceOf(
  plan: DocumentPlan,
  line: StatementCdrLine,
  cdr_id: string,
  invoiced_cdrs: readonly InvoicedCdr[],
): PrecedingInvoice | null {
  const found = invoiced_cdrs.find(
    (entry) =>
      entry.kind === plan.kind &&
      ciEqual(entry.cdr.cdr_id, cdr_id) &&
      entry.cdr.country_code === line.country_code &&
      entry.cdr.party_id === line.party_id,
  );
  return found?.invoice ?? null;
}

function creditGroups(
  plan: DocumentPlan,
  credits: readonly Charge[],
  invoiced_cdrs: readonly InvoicedCdr[],
  cdrOf: (line: StatementCdrLine) => string = (line) => line.credit_of as string,
): { preceding: PrecedingInvoice | null; charges: Charge[] }[] {
  const groups = new Map<string, { preceding: PrecedingInvoice | null; charges: Charge[] }>();
  for (const charge of credits) {
    const { line } = charge;
    const preceding = precedingInvoiceOf(plan, line, cdrOf(line), invoiced_cdrs);
    const key = preceding?.invoice_id ?? '';
    const group = groups.get(key) ?? { preceding, charges: [] };
    groups.set(key, group);
    group.charges.push(charge);
  }
  return [...groups.values()];
}

/** The INVOICE (if it has lines) and the CREDIT_NOTEs of one plan. */
export function documentsOfPlan(
  plan: DocumentPlan,
  statement: SettlementStatement,
  invoiced_cdrs: readonly InvoicedCdr[],
  model: LineModel = 'as_issued',
): InvoiceDraft[] {
  // CDR ids are CiStrings: a credit may name its CDR in another case.
  const here = new Set(statement.cdr_lines.map((line) => ciKey(line.cdr_id)));
  const base = `${statement.statement_id}-${plan.id_part}`;
  const on_invoice: Charge[] = [];
  const credits: Charge[] = [];
  const adjustments: Charge[] = [];
  for (const charge of plan.charges) {
    const { credit_of, dispute_id, cdr_id } = charge.line;
    if (dispute_id !== undefined) {
      // An adjustment of a CDR invoiced here is a signed line; of an earlier one, a correction.
      if (here.has(ciKey(cdr_id))) on_invoice.push(charge);
      else if (charge.net_minor !== 0n) adjustments.push(charge);
      continue;
    }
    (credit_of === null || here.has(ciKey(credit_of)) ? on_invoice : credits).push(charge);
  }
  const drafts: InvoiceDraft[] = [];
  if (on_invoice.length > 0) {
    const spec = { invoice_id: base, type: 'INVOICE' as const, charges: on_invoice };
    drafts.push(draftOf(plan, spec, null, statement, model));
  }
  creditGroups(plan, credits, invoiced_cdrs).forEach((group, index) => {
    const spec = {
      invoice_id: `${base}-credit-${index + 1}`,
      type: 'CREDIT_NOTE' as const,
      charges: group.charges,
    };
    drafts.push(draftOf(plan, spec, group.preceding, statement, model));
  });
  drafts.push(...correctionsOf(plan, statement, adjustments, invoiced_cdrs, model));
  return drafts;
}

/**
 * Dispute adjustments of CDRs invoiced in earlier periods: per original invoice, a CREDIT_NOTE
 * for the amounts that went down and a corrective INVOICE for those that went up, each
 * referencing the original (BT-25, BT-26).
 */
function correctionsOf(
  plan: DocumentPlan,
  statement: SettlementStatement,
  adjustments: readonly Charge[],
  invoiced_cdrs: readonly InvoicedCdr[],
  model: LineModel,
): InvoiceDraft[] {
  const base = `${statement.statement_id}-${plan.id_part}`;
  const byCdr = (line: StatementCdrLine) => line.cdr_id;
  const down = adjustments.filter((charge) => charge.net_minor < 0n);
  const up = adjustments.filter((charge) => charge.net_minor > 0n);
  return [
    ...creditGroups(plan, down, invoiced_cdrs, byCdr).map((group, index) =>
      draftOf(
        plan,
        {
          invoice_id: `${base}-adjustment-credit-${index + 1}`,
          type: 'CREDIT_NOTE',
          charges: group.charges,
        },
        group.preceding,
        statement,
        model,
      ),
    ),
    ...creditGroups(plan, up, invoiced_cdrs, byCdr).map((group, index) =>
      draftOf(
        plan,
        {
          invoice_id: `${base}-adjustment-debit-${index + 1}`,
          type: 'INVOICE',
          charges: group.charges,
        },
        group.preceding,
        statement,
        model,
      ),
    ),
  ];
}
