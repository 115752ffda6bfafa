import { csvField, samePartyId } from '#ledger';
import type { StatementCdrLine } from '#settlement';
import type { InvoicedCdr } from './invoice-documents.js';
import type { InvoiceDraft, InvoiceKind, InvoiceLine, SupportingDocument } from './invoice.js';

/**
 * Aggregated invoice lines (issue 14 item 4). A partner document of more than
 * ITEMISED_CHARGES_MAX charges does not list every CDR: it has one line per (kind of line, VAT
 * category and rate, sign) - the sessions, the credits of sessions and the dispute adjustments
 * kept apart, as are amounts charged and amounts taken back - with quantity (BT-129) = the number
 * of CDRs, the line amount (BT-131) their sum, the net price (BT-146) that sum and its base
 * quantity (BT-149) the same number, so BT-131 = BT-129 x BT-146 / BT-149 exactly
 * (PEPPOL-EN16931-R120) without a rounded unit price. VAT per rate (BG-23) is computed on the
 * sum of the line amounts per rate, so it does not change. The CDR list is a supporting
 * document (BG-24): BT-122 `{invoice_id}-cdrs`, BT-123 its description and BT-124 the URI of
 * `GET /v1/invoices/{id}/cdrs` (CSV, one row per CDR charge): an external reference rather than
 * an attached CSV (BT-125), because a period of 100,000 CDRs would put megabytes into both the
 * invoice event and every rendering of the document. Smaller documents stay itemised per CDR,
 * as before: a partner checks each session on the invoice itself.
 * The tariff is not part of the key: a statement line does not carry the tariff the CDR was
 * priced with (the CDR list does carry each CDR), so the grouping is per VAT rate.
 */
export const ITEMISED_CHARGES_MAX = 50;

/** The path of a document's CDR list (BT-124 is this path on the ledger's public URL). */
export function invoiceCdrsPath(invoice_id: string): string {
  return `/v1/invoices/${encodeURIComponent(invoice_id)}/cdrs`;
}

export function cdrListDocument(invoice_id: string, charges: number): SupportingDocument {
  return {
    id: `${invoice_id}-cdrs`,
    description: `The ${charges} CDR charges of this document, one CSV row each`,
    uri_path: invoiceCdrsPath(invoice_id),
    mime_code: 'text/csv',
  };
}

type LineKind = 'session' | 'credit' | 'adjustment';

function lineKindOf(line: InvoiceLine): LineKind {
  if (line.dispute_id !== undefined) return 'adjustment';
  return line.credit_of === null ? 'session' : 'credit';
}

const ITEM_NAMES: Record<InvoiceKind, Record<LineKind, string>> = {
  cdr_charges: {
    session: 'EV charging sessions',
    credit: 'Credits of EV charging sessions',
    adjustment: 'Dispute adjustments of EV charging sessions',
  },
  fees: {
    session: 'Roaming fees',
    credit: 'Credits of roaming fees',
    adjustment: 'Dispute adjustments of roaming fees',
  },
  driver_charges: {
    session: 'EV charging sessions',
    credit: 'Credits of EV charging sessions',
    adjustment: 'Refunds of EV charging sessions',
  },
};

interface Group {
  readonly kind: LineKind;
  readonly first: InvoiceLine;
  count: number;
  net: bigint;
  start_date: string | null;
  end_date: string | null;
}

/** The aggregated lines of a document's itemised lines (order: first appearance). */
export function aggregateLines(kind: InvoiceKind, itemised: readonly InvoiceLine[]): InvoiceLine[] {
  const groups = new Map<string, Group>();
  for (const line of itemised) {
    const line_kind = lineKindOf(line);
    const net = BigInt(line.net_minor);
    const key = `${line_kind}|${line.vat_category}|${line.vat_rate_percent}|${net < 0n ? '-' : '+'}`;
    const group = groups.get(key) ?? {
      kind: line_kind,
      first: line,
      count: 0,
      net: 0n,
      start_date: null,
      end_date: null,
    };
    groups.set(key, group);
    group.count += 1;
    group.net += net;
    if (line.period !== null) {
      const { start_date, end_date } = line.period;
      if (group.start_date === null || start_date < group.start_date) group.start_date = start_date;
      if (group.end_date === null || end_date > group.end_date) group.end_date = end_date;
    }
  }
  return [...groups.values()].map((group, index) => {
    const negative = group.net < 0n || (group.net === 0n && BigInt(group.first.net_minor) < 0n);
    const count = String(group.count);
    return {
      line_id: String(index + 1),
      cdr: null,
      credit_of: null,
      item_name: `${ITEM_NAMES[kind][group.kind]}, VAT ${group.first.vat_rate_percent} %`,
      note: `${count} CDRs: see the supporting document (the CDR list)`,
      quantity: negative ? `-${count}` : count,
      price_base_quantity: count,
      net_minor: group.net.toString(),
      price_minor: (group.net < 0n ? -group.net : group.net).toString(),
      vat_category: group.first.vat_category,
      vat_rate_percent: group.first.vat_rate_percent,
      period:
        group.start_date === null || group.end_date === null
          ? null
          : { start_date: group.start_date, end_date: group.end_date },
      cdr_count: group.count,
    };
  });
}

/**
 * Which CDRs an INVOICE with aggregated lines charged (for the credit-note lookup of later
 * closes): those of its statement's CDR lines (`cdr_lines`) it was planned from, as `invoicedCdrsOf` finds
 * them on an itemised invoice. The statement's own first INVOICE of a kind charges every CDR
 * line (with a fee of its issuer, for fees); corrections and credit notes charge none.
 */
export function invoicedCdrsOfStatement(
  invoice: InvoiceDraft & { readonly number: string },
  cdr_lines: readonly Pick<StatementCdrLine, 'country_code' | 'party_id' | 'cdr_id' | 'fees'>[],
): InvoicedCdr[] {
  if (invoice.type !== 'INVOICE' || invoice.preceding_invoice !== null) return [];
  const preceding = {
    invoice_id: invoice.invoice_id,
    number: invoice.number,
    issue_date: invoice.issue_date,
  };
  const issuer = invoice.issuer.party;
  const charged = cdr_lines.filter(
    (line) =>
      invoice.kind === 'cdr_charges' ||
      line.fees.some(
        (fee) => samePartyId(fee.beneficiary, issuer) && BigInt(fee.amount_minor) !== 0n,
      ),
  );
  return charged.map(({ country_code, party_id, cdr_id }) => ({
    cdr: { country_code, party_id, cdr_id },
    kind: invoice.kind,
    invoice: preceding,
  }));
}

const CSV_COLUMNS = [
  'line_id',
  'country_code',
  'party_id',
  'cdr_id',
  'credit_of',
  'dispute_id',
  'item_name',
  'start_date',
  'end_date',
  'quantity',
  'net_minor',
  'vat_category',
  'vat_rate_percent',
] as const;

/**
 * The CDR list of a document (BG-24, `GET /v1/invoices/{id}/cdrs`): a header row, then one row
 * per CDR charge of the document planned itemised (`planInvoices(..., 'itemised')`); amounts
 * in minor units, signed as on the document. The rows of one (kind, VAT rate, sign) sum to the
 * aggregated line of the same kind and rate.
 */
export function renderCdrListCsv(itemised: InvoiceDraft): string {
  const rows = itemised.lines.map((line) =>
    [
      line.line_id,
      line.cdr?.country_code ?? '',
      line.cdr?.party_id ?? '',
      line.cdr?.cdr_id ?? '',
      line.credit_of ?? '',
      line.dispute_id ?? '',
      line.item_name,
      line.period?.start_date ?? '',
      line.period?.end_date ?? '',
      line.quantity,
      line.net_minor,
      line.vat_category,
      line.vat_rate_percent,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
