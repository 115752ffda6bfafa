import { buildStatement } from '#settlement';
import { invoicedCdrsOf } from './invoice-documents.js';
import { planInvoices } from './invoice-drafts.js';
import { renderInvoiceHtml } from './invoice-html.js';
import type { Invoice } from './invoice.js';
import {
  EN16931_CUSTOMIZATION_ID,
  PEPPOL_BIS_3_CUSTOMIZATION_ID,
  renderUblInvoice,
} from './ubl-invoice.js';
import {
  CONTEXT,
  cdrEntry,
  close,
  creditEntry,
  issue,
  januaryStatement,
} from './test-support/invoice-fixtures.js';
import { attribute, child, children, parseXml, text } from './test-support/xml-reading.js';

const statement = januaryStatement([
  { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' },
  { cdr_id: 'CDR-<2>', excl_vat: '20.00', incl_vat: '24.20', country_of_supply: 'NL' },
]);
const [charges, fees] = planInvoices(statement, CONTEXT).map((draft, i) => issue(draft, i + 1));
const INVOICE = charges!;

function creditNote(): Invoice {
  const original = cdrEntry({
    cdr_id: 'CDR-1',
    posted_at: '2026-01-10T00:00:00Z',
    excl_vat: '10.00',
    incl_vat: '11.90',
  });
  const credit = creditEntry(original, 'CDR-1-C', '2026-02-03T00:00:00Z');
  const february = buildStatement(
    close({
      statement_id: 'ST-2026-02',
      period_end: '2026-03-01T00:00:00Z',
      closed_at: '2026-03-01T00:00:00Z',
      entries: [credit],
    }),
    statement,
  );
  const context = { ...CONTEXT, invoiced_cdrs: invoicedCdrsOf(INVOICE) };
  return issue(planInvoices(february, context)[0]!, 3);
}

/** Every mandatory business term of EN 16931 that these documents use, read back from XML. */
function expectMandatoryTerms(invoice: Invoice, xml: string): void {
  const credit = invoice.type === 'CREDIT_NOTE';
  const root = child(parseXml(xml), credit ? 'CreditNote' : 'Invoice');
  expect(root).toBeDefined();
  expect(text(root, 'cbc:ID')).toBe(invoice.number); // BT-1
  expect(text(root, 'cbc:IssueDate')).toBe(invoice.issue_date); // BT-2
  expect(text(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode')).toBe(
    credit ? '381' : '380',
  ); // BT-3
  expect(text(root, 'cbc:DocumentCurrencyCode')).toBe('EUR'); // BT-5
  const seller = ['cac:AccountingSupplierParty', 'cac:Party'];
  const buyer = ['cac:AccountingCustomerParty', 'cac:Party'];
  expect(text(root, ...seller, 'cac:PartyLegalEntity', 'cbc:RegistrationName')).toBe(
    invoice.issuer.name,
  ); // BT-27
  expect(text(root, ...buyer, 'cac:PartyLegalEntity', 'cbc:RegistrationName')).toBe(
    invoice.recipient.name,
  ); // BT-44
  expect(text(root, ...seller, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode')).toBe(
    invoice.issuer.country_code,
  ); // BT-40
  expect(text(root, ...buyer, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode')).toBe(
    invoice.recipient.country_code,
  ); // BT-55
  const total = (name: string) => text(root, 'cac:LegalMonetaryTotal', name);
  const major = (minor: string) => (Number(minor) / 100).toFixed(2); // test only: small ints
  expect(total('cbc:LineExtensionAmount')).toBe(major(invoice.totals.line_net_minor)); // BT-106
  expect(total('cbc:TaxExclusiveAmount')).toBe(major(invoice.totals.tax_exclusive_minor)); // 109
  expect(total('cbc:TaxInclusiveAmount')).toBe(major(invoice.totals.tax_inclusive_minor)); // 112
  expect(total('cbc:PayableAmount')).toBe(major(invoice.totals.payable_minor)); // BT-115
  expect(text(root, 'cac:TaxTotal', 'cbc:TaxAmount')).toBe(major(invoice.totals.vat_minor)); // 110
  expect(attribute(root, 'currencyID', 'cac:TaxTotal', 'cbc:TaxAmount')).toBe('EUR');
  const subtotals = children(child(root, 'cac:TaxTotal'), 'cac:TaxSubtotal'); // BG-23
  expect(subtotals).toHaveLength(invoice.vat_breakdown.length);
  subtotals.forEach((subtotal, i) => {
    const entry = invoice.vat_breakdown[i]!;
    expect(text(subtotal, 'cbc:TaxableAmount')).toBe(major(entry.taxable_minor)); // BT-116
    expect(text(subtotal, 'cbc:TaxAmount')).toBe(major(entry.tax_minor)); // BT-117
    expect(text(subtotal, 'cac:TaxCategory', 'cbc:ID')).toBe(entry.category); // BT-118
    expect(text(subtotal, 'cac:TaxCategory', 'cbc:Percent')).toBe(entry.rate_percent); // BT-119
  });
  const lines = children(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  expect(lines).toHaveLength(invoice.lines.length);
  lines.forEach((line, i) => {
    const model = invoice.lines[i]!;
    expect(text(line, 'cbc:ID')).toBe(model.line_id); // BT-126
    const quantity = credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
    expect(text(line, quantity)).toBe(model.quantity); // BT-129
    expect(attribute(line, 'unitCode', quantity)).toBe('C62'); // BT-130
    expect(text(line, 'cbc:LineExtensionAmount')).toBe(major(model.net_minor)); // BT-131
    expect(text(line, 'cac:Item', 'cbc:Name')).toBe(model.item_name); // BT-153
    expect(text(line, 'cac:Price', 'cbc:PriceAmount')).toBe(major(model.price_minor)); // BT-146
    expect(text(line, 'cac:Item', 'cac:ClassifiedTaxCategory', 'cbc:ID')).toBe(model.vat_category); // BT-151
  });
}

describe('UBL 2.1 rendering', () => {
  it('renders an Invoice with every mandatory business term', () => {
    const xml = renderUblInvoice(INVOICE);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expectMandatoryTerms(INVOICE, xml);
    const root = child(parseXml(xml), 'Invoice');
    expect(text(root, 'cbc:DueDate')).toBe('2026-03-03'); // BT-9
    expect(text(root, 'cbc:BuyerReference')).toBe('DEABC-NLXYZ'); // BT-10
    expect(text(root, 'cac:AccountingSupplierParty', 'cac:Party', 'cbc:EndpointID')).toBe(
      'DE123456789',
    ); // BT-34
  });

  it('uses the Peppol BIS 3 customization when both parties have electronic addresses', () => {
    const peppol = child(parseXml(renderUblInvoice(INVOICE)), 'Invoice');
    expect(text(peppol, 'cbc:CustomizationID')).toBe(PEPPOL_BIS_3_CUSTOMIZATION_ID);
    expect(text(peppol, 'cbc:ProfileID')).toBeDefined();
    // the hub has no electronic address: plain EN 16931
    const plain = child(parseXml(renderUblInvoice(fees!)), 'Invoice');
    expect(text(plain, 'cbc:CustomizationID')).toBe(EN16931_CUSTOMIZATION_ID);
    expect(text(plain, 'cbc:ProfileID')).toBeUndefined();
    expectMandatoryTerms(fees!, renderUblInvoice(fees!));
  });

  it('renders a CreditNote (381) that references the corrected invoice (BT-25, BT-26)', () => {
    const note = creditNote();
    const xml = renderUblInvoice(note);
    expectMandatoryTerms(note, xml);
    const root = child(parseXml(xml), 'CreditNote');
    const reference = ['cac:BillingReference', 'cac:InvoiceDocumentReference'];
    expect(text(root, ...reference, 'cbc:ID')).toBe('DEABC-000001');
    expect(text(root, ...reference, 'cbc:IssueDate')).toBe('2026-02-01');
    expect(text(root, 'cbc:DueDate')).toBeUndefined();
  });

  it('renders reverse charge: AE, 0 %, exemption reason, both VAT ids', () => {
    const rc = januaryStatement([{ cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' }], {
      vat_treatment: 'reverse_charge',
    });
    const invoice = issue(planInvoices(rc, CONTEXT)[0]!);
    const xml = renderUblInvoice(invoice);
    expectMandatoryTerms(invoice, xml);
    const root = child(parseXml(xml), 'Invoice');
    const category = ['cac:TaxTotal', 'cac:TaxSubtotal', 'cac:TaxCategory'];
    expect(text(root, ...category, 'cbc:TaxExemptionReason')).toBe('Reverse charge');
    expect(text(root, ...category, 'cbc:TaxExemptionReasonCode')).toBe('VATEX-EU-AE');
    const vatId = (party: string) =>
      text(root, party, 'cac:Party', 'cac:PartyTaxScheme', 'cbc:CompanyID');
    expect(vatId('cac:AccountingSupplierParty')).toBe('DE123456789');
    expect(vatId('cac:AccountingCustomerParty')).toBe('NL123456789B01');
  });

  it('escapes names and ids (the XML parses and reads back the same text)', () => {
    const xml = renderUblInvoice(INVOICE);
    expect(xml).toContain('Charge &amp; Go &lt;GmbH&gt;');
    const root = child(parseXml(xml), 'Invoice');
    const lines = children(root, 'cac:InvoiceLine');
    expect(text(lines[1], 'cac:Item', 'cbc:Name')).toBe('EV charging session, CDR CDR-<2>');
  });
});

describe('HTML rendering', () => {
  it('shows the document for people and escapes everything taken from it', () => {
    const html = renderInvoiceHtml(INVOICE);
    expect(html).toContain('<title>Invoice DEABC-000001</title>');
    expect(html).toContain('Charge &amp; Go &lt;GmbH&gt;');
    expect(html).toContain('Drive &quot;Electric&quot; B.V.');
    expect(html).toContain('CDR CDR-&lt;2&gt;');
    expect(html).not.toContain('<GmbH>');
    expect(html).toContain('36.10 EUR'); // total incl. VAT: 30.00 + 1.90 + 4.20
  });

  it('says credit note and names the corrected invoice', () => {
    const html = renderInvoiceHtml(creditNote());
    expect(html).toContain('Credit note DEABC-000003');
    expect(html).toContain('DEABC-000001 of 2026-02-01');
  });
});
