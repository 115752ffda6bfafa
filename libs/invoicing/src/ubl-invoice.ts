import { create } from 'xmlbuilder2';
import { formatMinorUnits } from '#money';
import type { Invoice, InvoiceLine, InvoiceParty, VatBreakdownEntry } from './invoice.js';

/**
 * UBL 2.1 rendering of an issued document: `Invoice` (type code 380) or `CreditNote` (381),
 * EN 16931 (`urn:cen.eu:en16931:2017`); Peppol BIS Billing 3.0 CustomizationID and ProfileID
 * when both parties have an electronic address (BT-34 / BT-49), which Peppol requires.
 * Elements follow the order of the UBL 2.1 schemas. xmlbuilder2 escapes all text and
 * attribute values.
 */
export const EN16931_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017';
export const PEPPOL_BIS_3_CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_BIS_3_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

type Xml = { [name: string]: XmlValue };
type XmlValue = string | Xml | Xml[] | undefined;

function amount(minor: string, currency: string): Xml {
  return { '@currencyID': currency, '#': formatMinorUnits(BigInt(minor), currency) };
}

/** `scheme_less_id`: BT-29 / BT-46 without a scheme, which DK-R-013 forbids between Danes. */
function partyXml(details: InvoiceParty, scheme_less_id = true): Xml {
  const address = details.address;
  const contact = details.contact ?? null;
  const legal = details.legal_registration ?? null;
  return {
    'cac:Party': {
      'cbc:EndpointID':
        details.electronic_address === null
          ? undefined
          : { '@schemeID': details.electronic_address.scheme, '#': details.electronic_address.id },
      'cac:PartyIdentification': scheme_less_id
        ? { 'cbc:ID': partyIdentifier(details) }
        : undefined,
      'cac:PartyName': { 'cbc:Name': details.name },
      'cac:PostalAddress': {
        'cbc:StreetName': address?.street ?? undefined,
        'cbc:AdditionalStreetName': address?.additional_street ?? undefined,
        'cbc:CityName': address?.city ?? undefined,
        'cbc:PostalZone': address?.postal_code ?? undefined,
        'cbc:CountrySubentity': address?.country_subdivision ?? undefined,
        'cac:Country': { 'cbc:IdentificationCode': partyCountry(details) },
      },
      'cac:PartyTaxScheme':
        details.vat_id === null
          ? undefined
          : { 'cbc:CompanyID': details.vat_id, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } },
      'cac:PartyLegalEntity': {
        'cbc:RegistrationName': details.name,
        'cbc:CompanyID': legal === null ? undefined : { '@schemeID': legal.scheme, '#': legal.id },
      },
      'cac:Contact':
        contact === null || (!contact.name && !contact.phone && !contact.email)
          ? undefined
          : {
              'cbc:Name': contact.name || undefined,
              'cbc:Telephone': contact.phone || undefined,
              'cbc:ElectronicMail': contact.email || undefined,
            },
    },
  };
}

/** BT-40 / BT-55: the postal address's country, else the partner's. */
export function partyCountry(details: InvoiceParty): string {
  return details.address?.country ?? details.country_code;
}

/**
 * BG-16 / BG-17 on invoices: the seller's means of payment and account, the invoice number as
 * the payment reference (BT-83). Credit notes are paid by the seller: none.
 */
function paymentMeansXml(invoice: Invoice, credit_note: boolean): Xml | undefined {
  const payment = invoice.issuer.payment ?? null;
  if (credit_note || payment === null) return undefined;
  return {
    'cbc:PaymentMeansCode': payment.means_code,
    'cbc:PaymentID': invoice.number,
    'cac:PayeeFinancialAccount': {
      'cbc:ID': payment.iban,
      'cbc:Name': payment.account_name ?? undefined,
      'cac:FinancialInstitutionBranch': payment.bic ? { 'cbc:ID': payment.bic } : undefined,
    },
  };
}

/** BT-29 / BT-46: the OCPI party (`DE*ABC`), or a driver's contract id. */
function partyIdentifier(details: InvoiceParty): string {
  if (details.party !== null) return `${details.party.country_code}*${details.party.party_id}`;
  return details.contract_id ?? details.name;
}

function taxCategoryXml(category: string, rate: string, entry?: VatBreakdownEntry): Xml {
  return {
    'cbc:ID': category,
    'cbc:Percent': rate,
    'cbc:TaxExemptionReasonCode': entry?.exemption_reason_code ?? undefined,
    'cbc:TaxExemptionReason': entry?.exemption_reason ?? undefined,
    'cac:TaxScheme': { 'cbc:ID': 'VAT' },
  };
}

function taxTotalXml(invoice: Invoice): Xml {
  return {
    'cbc:TaxAmount': amount(invoice.totals.vat_minor, invoice.currency),
    'cac:TaxSubtotal': invoice.vat_breakdown.map((entry) => ({
      'cbc:TaxableAmount': amount(entry.taxable_minor, invoice.currency),
      'cbc:TaxAmount': amount(entry.tax_minor, invoice.currency),
      'cac:TaxCategory': taxCategoryXml(entry.category, entry.rate_percent, entry),
    })),
  };
}

function monetaryTotalXml(invoice: Invoice): Xml {
  const { totals, currency } = invoice;
  return {
    'cbc:LineExtensionAmount': amount(totals.line_net_minor, currency),
    'cbc:TaxExclusiveAmount': amount(totals.tax_exclusive_minor, currency),
    'cbc:TaxInclusiveAmount': amount(totals.tax_inclusive_minor, currency),
    'cbc:AllowanceTotalAmount': amount(totals.allowances_minor, currency),
    'cbc:ChargeTotalAmount': amount(totals.charges_minor, currency),
    'cbc:PrepaidAmount': amount(totals.prepaid_minor, currency),
    'cbc:PayableRoundingAmount': amount(totals.rounding_minor, currency),
    'cbc:PayableAmount': amount(totals.payable_minor, currency),
  };
}

function lineXml(line: InvoiceLine, invoice: Invoice, credit_note: boolean): Xml {
  const quantity = { '@unitCode': 'C62', '#': line.quantity };
  return {
    'cbc:ID': line.line_id,
    'cbc:Note': line.note ?? undefined,
    [credit_note ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity']: quantity,
    'cbc:LineExtensionAmount': amount(line.net_minor, invoice.currency),
    'cac:InvoicePeriod':
      line.period === null
        ? undefined
        : { 'cbc:StartDate': line.period.start_date, 'cbc:EndDate': line.period.end_date },
    'cac:Item': {
      'cbc:Name': line.item_name,
      'cac:SellersItemIdentification':
        line.cdr === null ? undefined : { 'cbc:ID': `CDR ${cdrKeyText(line)}` },
      'cac:ClassifiedTaxCategory': taxCategoryXml(line.vat_category, line.vat_rate_percent),
    },
    'cac:Price': {
      'cbc:PriceAmount': amount(line.price_minor, invoice.currency),
      // BT-149 on aggregated lines: the price is that of this many CDRs (R120 holds exactly).
      'cbc:BaseQuantity':
        line.price_base_quantity === undefined
          ? undefined
          : { '@unitCode': 'C62', '#': line.price_base_quantity },
    },
  };
}

/**
 * BG-24: the statement the document belongs to (BT-122 only), then each supporting document
 * (the CDR list of aggregated lines) with BT-123 and BT-124, its URI on `public_url`.
 */
function additionalDocumentsXml(invoice: Invoice, public_url: string): Xml[] {
  const base = public_url.replace(/\/+$/, '');
  return [
    { 'cbc:ID': invoice.statement_id },
    ...(invoice.supporting_documents ?? []).map((document) => ({
      'cbc:ID': document.id,
      'cbc:DocumentDescription': document.description,
      'cac:Attachment': { 'cac:ExternalReference': { 'cbc:URI': `${base}${document.uri_path}` } },
    })),
  ];
}

/** Where partners reach the ledger when the caller does not say (LEDGER_PUBLIC_URL unset). */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

function cdrKeyText(line: InvoiceLine): string {
  const cdr = line.cdr!;
  return `${cdr.country_code}/${cdr.party_id}/${cdr.cdr_id}`;
}

/**
 * The UBL 2.1 XML of an issued invoice or credit note (UTF-8, pretty-printed); `public_url` is
 * the base of the supporting documents' URIs (BT-124).
 */
export function renderUblInvoice(invoice: Invoice, public_url = DEFAULT_PUBLIC_URL): string {
  const credit_note = invoice.type === 'CREDIT_NOTE';
  const root = credit_note ? 'CreditNote' : 'Invoice';
  const peppol =
    invoice.issuer.electronic_address !== null && invoice.recipient.electronic_address !== null;
  const danish = partyCountry(invoice.issuer) === 'DK' && partyCountry(invoice.recipient) === 'DK';
  const document: Xml = {
    '@xmlns': NS[root],
    '@xmlns:cac': NS.cac,
    '@xmlns:cbc': NS.cbc,
    'cbc:CustomizationID': peppol ? PEPPOL_BIS_3_CUSTOMIZATION_ID : EN16931_CUSTOMIZATION_ID,
    'cbc:ProfileID': peppol ? PEPPOL_BIS_3_PROFILE_ID : undefined,
    'cbc:ID': invoice.number,
    'cbc:IssueDate': invoice.issue_date,
    'cbc:DueDate': credit_note ? undefined : (invoice.due_date ?? undefined),
    [credit_note ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode']: credit_note ? '381' : '380',
    'cbc:Note': invoice.notes.length === 0 ? undefined : invoice.notes.join('\n'),
    'cbc:DocumentCurrencyCode': invoice.currency,
    'cbc:BuyerReference': invoice.recipient.buyer_reference ?? invoice.agreement_id,
    'cac:InvoicePeriod': {
      'cbc:StartDate': invoice.period.start_date,
      'cbc:EndDate': invoice.period.end_date,
    },
    'cac:BillingReference':
      invoice.preceding_invoice === null
        ? undefined
        : {
            'cac:InvoiceDocumentReference': {
              'cbc:ID': invoice.preceding_invoice.number,
              'cbc:IssueDate': invoice.preceding_invoice.issue_date,
            },
          },
    'cac:AdditionalDocumentReference': additionalDocumentsXml(invoice, public_url),
    'cac:AccountingSupplierParty': partyXml(invoice.issuer, !danish),
    'cac:AccountingCustomerParty': partyXml(invoice.recipient, !danish),
    'cac:PaymentMeans': paymentMeansXml(invoice, credit_note),
    'cac:PaymentTerms':
      invoice.payment_terms === null ? undefined : { 'cbc:Note': invoice.payment_terms },
    'cac:TaxTotal': taxTotalXml(invoice),
    'cac:LegalMonetaryTotal': monetaryTotalXml(invoice),
    [credit_note ? 'cac:CreditNoteLine' : 'cac:InvoiceLine']: invoice.lines.map((line) =>
      lineXml(line, invoice, credit_note),
    ),
  };
  return create({ version: '1.0', encoding: 'UTF-8' }, { [root]: prune(document) }).end({
    prettyPrint: true,
  });
}

/** Drops absent (undefined) optional elements, recursively. */
function prune(value: Xml): Xml {
  const result: Xml = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (Array.isArray(child)) result[key] = child.map(prune);
    else if (typeof child === 'object') result[key] = prune(child);
    else result[key] = child;
  }
  return result;
}
