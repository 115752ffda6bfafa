import { formatMinorUnits } from '#money';
import type { Invoice, InvoiceLine, InvoiceParty } from './invoice.js';

/**
 * A self-contained HTML page of an issued document, for people. Every value taken from the
 * document is escaped (partner names and CDR ids come from outside), and the page loads nothing.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function partyHtml(role: string, details: InvoiceParty): string {
  const lines = [
    details.name,
    details.party === null
      ? `Contract ${details.contract_id ?? ''}`
      : `${details.party.country_code}/${details.party.party_id}`,
    details.address?.street ?? null,
    details.address?.additional_street ?? null,
    [details.address?.postal_code, details.address?.city].filter(Boolean).join(' ') || null,
    details.address?.country_subdivision ?? null,
    details.address?.country ?? details.country_code,
    details.vat_id === null ? null : `VAT ID ${details.vat_id}`,
    details.legal_registration ? `Registration ${details.legal_registration.id}` : null,
    [details.contact?.name, details.contact?.phone, details.contact?.email]
      .filter(Boolean)
      .join(', ') || null,
  ].filter((line): line is string => line !== null && line !== '');
  return `<section class="party"><h2>${escapeHtml(role)}</h2><p>${lines
    .map(escapeHtml)
    .join('<br>')}</p></section>`;
}

/** BG-16 on invoices: where to pay, with the invoice number as the payment reference. */
function paymentHtml(invoice: Invoice): string {
  const payment = invoice.issuer.payment ?? null;
  if (invoice.type !== 'INVOICE' || payment === null) return '';
  const bic = payment.bic ? `, BIC ${payment.bic}` : '';
  const text = `Pay to IBAN ${payment.iban}${bic}, reference ${invoice.number}.`;
  return `<p class="payment">${escapeHtml(text)}</p>`;
}

function row(cells: readonly string[], tag: 'td' | 'th' = 'td'): string {
  return `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
}

/** A line's row; an aggregated line's price is that of its base quantity (BT-149). */
function lineRow(line: InvoiceLine, money: (minor: string) => string): string {
  return row([
    line.line_id,
    line.item_name,
    line.note ?? '',
    line.quantity,
    line.price_base_quantity === undefined
      ? money(line.price_minor)
      : `${money(line.price_minor)} per ${line.price_base_quantity}`,
    `${line.vat_category} ${line.vat_rate_percent} %`,
    money(line.net_minor),
  ]);
}

export function renderInvoiceHtml(invoice: Invoice): string {
  const money = (minor: string) =>
    `${formatMinorUnits(BigInt(minor), invoice.currency)} ${invoice.currency}`;
  const title = `${invoice.type === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice'} ${invoice.number}`;
  const facts = [
    ['Number', invoice.number],
    ['Issue date', invoice.issue_date],
    ...(invoice.due_date === null ? [] : [['Due date', invoice.due_date]]),
    ['Period', `${invoice.period.start_date} - ${invoice.period.end_date}`],
    ['Agreement', invoice.agreement_id],
    ['Statement', invoice.statement_id],
    ...(invoice.preceding_invoice === null
      ? []
      : [
          [
            'Corrects invoice',
            `${invoice.preceding_invoice.number} of ${invoice.preceding_invoice.issue_date}`,
          ],
        ]),
  ];
  const lines = invoice.lines.map((line) => lineRow(line, money));
  const vat = invoice.vat_breakdown.map((entry) =>
    row([
      `${entry.category} ${entry.rate_percent} %${entry.exemption_reason === null ? '' : ` (${entry.exemption_reason})`}`,
      money(entry.taxable_minor),
      money(entry.tax_minor),
    ]),
  );
  const { totals } = invoice;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}' +
      'td,th{border:1px solid #999;padding:.3em .6em;text-align:left}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    partyHtml('Seller', invoice.issuer),
    partyHtml('Buyer', invoice.recipient),
    `<table class="facts">${facts.map(([k, v]) => row([k!, v!])).join('')}</table>`,
    '<h2>Lines</h2><table class="lines">',
    row(['#', 'Item', 'Details', 'Quantity', 'Unit price', 'VAT', 'Net amount'], 'th'),
    ...lines,
    '</table><h2>VAT breakdown</h2><table class="vat">',
    row(['Category and rate', 'Taxable amount', 'VAT amount'], 'th'),
    ...vat,
    '</table><h2>Totals</h2><table class="totals">',
    row(['Sum of line net amounts', money(totals.line_net_minor)]),
    row(['Total excl. VAT', money(totals.tax_exclusive_minor)]),
    row(['Total VAT', money(totals.vat_minor)]),
    row(['Total incl. VAT', money(totals.tax_inclusive_minor)]),
    row(['Amount due', money(totals.payable_minor)]),
    '</table>',
    ...invoice.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
    invoice.payment_terms === null ? '' : `<p>${escapeHtml(invoice.payment_terms)}</p>`,
    paymentHtml(invoice),
    '</body></html>',
    '',
  ].join('\n');
}
