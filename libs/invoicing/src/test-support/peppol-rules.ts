import { EAS_SCHEMES } from '../../../partners/src/identifier-checks.js';
import { attribute, child, children, parseXml, text } from './xml-reading.js';

/**
 * The rules of Peppol BIS Billing 3.0 that apply to what the ledger emits, checked on the UBL
 * XML as test assertions (the Peppol Schematron is not available offline), each under its rule
 * id and written from the rule texts: PEPPOL-EN16931-R0xx / R1xx, the PEPPOL-COMMON identifier
 * checks, the Dutch rules (NL-R-xxx, seller in NL) and the German rules for Peppol (DE-R-x,
 * XRechnung's, seller in DE, on invoices). Answers the ids of the rules the document breaks.
 */
const SELLER = ['cac:AccountingSupplierParty', 'cac:Party'];
const BUYER = ['cac:AccountingCustomerParty', 'cac:Party'];
const PEPPOL_CUSTOMIZATION =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

type Root = unknown;
type Rule = readonly [id: string, holds: (root: Root, xml: string) => boolean];

const present = (root: Root, ...path: string[]) => Boolean(text(root, ...path)?.trim());
const isInvoice = (xml: string) => /<Invoice\b/.test(xml);
const lines = (root: Root, xml: string) =>
  children(root, isInvoice(xml) ? 'cac:InvoiceLine' : 'cac:CreditNoteLine');
const country = (root: Root, party: string[]) =>
  text(root, ...party, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode');

function gs1Valid(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  [...id.slice(0, 12)].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return (10 - (sum % 10)) % 10 === Number(id[12]);
}

function mod97Check(id: string): boolean {
  if (!/^[01]\d{9}$/.test(id)) return false;
  return 97 - (Number(id.slice(0, 8)) % 97) === Number(id.slice(8));
}

/** Every identifier with a schemeID in the document: [scheme, id]. */
function schemedIds(xml: string): [string, string][] {
  return [...xml.matchAll(/<cbc:(?:EndpointID|CompanyID|ID) schemeID="([^"]+)">([^<]*)</g)].map(
    ([, scheme, id]) => [scheme!, id!],
  );
}

function linePeriodsInside(root: Root, xml: string, end: 'cbc:StartDate' | 'cbc:EndDate') {
  const from = text(root, 'cac:InvoicePeriod', 'cbc:StartDate');
  const to = text(root, 'cac:InvoicePeriod', 'cbc:EndDate');
  return lines(root, xml).every((line) => {
    const date = text(line, 'cac:InvoicePeriod', end);
    return date === undefined || ((!from || date >= from) && (!to || date <= to));
  });
}

function lineNetMatches(root: Root, xml: string): boolean {
  const quantity = isInvoice(xml) ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity';
  return lines(root, xml).every((line) => {
    const cents = (value: string | undefined) => Math.round(Number(value) * 100); // test only
    const net = cents(text(line, 'cbc:LineExtensionAmount'));
    const base = Number(text(line, 'cac:Price', 'cbc:BaseQuantity') ?? '1');
    const price = cents(text(line, 'cac:Price', 'cbc:PriceAmount'));
    return net === Math.round((Number(text(line, quantity)) * price) / base);
  });
}

const PEPPOL_RULES: readonly Rule[] = [
  ['PEPPOL-EN16931-R001', (r) => present(r, 'cbc:ProfileID')],
  ['PEPPOL-EN16931-R002', (r) => children(r, 'cbc:Note').length <= 1],
  ['PEPPOL-EN16931-R003', (r) => present(r, 'cbc:BuyerReference') || present(r, 'cac:OrderReference', 'cbc:ID')],
  ['PEPPOL-EN16931-R004', (r) => text(r, 'cbc:CustomizationID') === PEPPOL_CUSTOMIZATION],
  ['PEPPOL-EN16931-R007', (r) => /^urn:fdc:peppol\.eu:2017:poacc:billing:\d\d:1\.0$/.test(text(r, 'cbc:ProfileID') ?? '')],
  ['PEPPOL-EN16931-R008', (_r, xml) => !/<([\w:]+)[^>]*>\s*<\/\1>|<[\w:]+[^>]*\/>/.test(xml)],
  ['PEPPOL-EN16931-R010', (r) => present(r, ...BUYER, 'cbc:EndpointID')],
  ['PEPPOL-EN16931-R020', (r) => present(r, ...SELLER, 'cbc:EndpointID')],
  ['PEPPOL-EN16931-R053', (r) => children(r, 'cac:TaxTotal').filter((t) => children(t, 'cac:TaxSubtotal').length > 0).length === 1],
  ['PEPPOL-EN16931-R110', (r, xml) => linePeriodsInside(r, xml, 'cbc:StartDate')],
  ['PEPPOL-EN16931-R111', (r, xml) => linePeriodsInside(r, xml, 'cbc:EndDate')],
  ['PEPPOL-EN16931-R120', (r, xml) => lineNetMatches(r, xml)],
  ['PEPPOL-EN16931-R121', (r, xml) => lines(r, xml).every((l) => Number(text(l, 'cac:Price', 'cbc:BaseQuantity') ?? '1') > 0)],
  ['PEPPOL-EN16931-P0100', (r, xml) => !isInvoice(xml) || ['380', '383', '386', '393', '82', '80', '84', '395', '575', '623', '780', '326', '384'].includes(text(r, 'cbc:InvoiceTypeCode') ?? '')],
  ['PEPPOL-EN16931-P0101', (r, xml) => isInvoice(xml) || ['381', '396', '81', '83', '532'].includes(text(r, 'cbc:CreditNoteTypeCode') ?? '')],
  ['PEPPOL-EN16931-CL008', (r) => [SELLER, BUYER].every((p) => EAS_SCHEMES.has(attribute(r, 'schemeID', ...p, 'cbc:EndpointID') ?? ''))],
  ['PEPPOL-EN16931-F001', (_r, xml) => [...xml.matchAll(/<cbc:\w*Date>([^<]*)</g)].every(([, d]) => /^\d{4}-\d{2}-\d{2}$/.test(d!))],
  ['PEPPOL-COMMON-R040', (_r, xml) => schemedIds(xml).every(([s, id]) => s !== '0088' || gs1Valid(id))],
  ['PEPPOL-COMMON-R043', (_r, xml) => schemedIds(xml).every(([s, id]) => s !== '0208' || mod97Check(id))],
]; // prettier-ignore

const address = (party: string[]) => [...party, 'cac:PostalAddress'];
const KVK_OR_OIN = (r: Root, party: string[]) =>
  ['0106', '0190'].includes(
    attribute(r, 'schemeID', ...party, 'cac:PartyLegalEntity', 'cbc:CompanyID') ?? '',
  );
const NL_BUYER = (r: Root) => country(r, BUYER) !== 'NL';

const NL_RULES: readonly Rule[] = [
  ['NL-R-001', (r, xml) => isInvoice(xml) || present(r, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID')],
  ['NL-R-002', (r) => ['cbc:StreetName', 'cbc:CityName', 'cbc:PostalZone'].every((n) => present(r, ...address(SELLER), n))],
  ['NL-R-003', (r) => KVK_OR_OIN(r, SELLER)],
  ['NL-R-004', (r) => NL_BUYER(r) || ['cbc:StreetName', 'cbc:CityName', 'cbc:PostalZone'].every((n) => present(r, ...address(BUYER), n))],
  ['NL-R-005', (r) => NL_BUYER(r) || KVK_OR_OIN(r, BUYER)],
  ['NL-R-007', (r, xml) => !isInvoice(xml) || child(r, 'cac:PaymentMeans') !== undefined],
  ['NL-R-008', (r, xml) => !isInvoice(xml) || children(r, 'cac:PaymentMeans').every((m) => ['30', '48', '49', '57', '58', '59'].includes(text(m, 'cbc:PaymentMeansCode') ?? ''))],
]; // prettier-ignore

const CONTACT = [...SELLER, 'cac:Contact'];
const DE_RULES: readonly Rule[] = [
  ['DE-R-1', (r) => children(r, 'cac:PaymentMeans').length > 0],
  ['DE-R-2', (r) => child(r, ...CONTACT) !== undefined],
  ['DE-R-3', (r) => present(r, ...address(SELLER), 'cbc:CityName')],
  ['DE-R-4', (r) => present(r, ...address(SELLER), 'cbc:PostalZone')],
  ['DE-R-5', (r) => present(r, ...CONTACT, 'cbc:Name')],
  ['DE-R-6', (r) => present(r, ...CONTACT, 'cbc:Telephone')],
  ['DE-R-7', (r) => present(r, ...CONTACT, 'cbc:ElectronicMail')],
  ['DE-R-8', (r) => present(r, ...address(BUYER), 'cbc:CityName')],
  ['DE-R-9', (r) => present(r, ...address(BUYER), 'cbc:PostalZone')],
  ['DE-R-13', (r) => children(r, 'cac:PaymentMeans').filter((m) => child(m, 'cac:PayeeFinancialAccount') !== undefined).length > 0],
  ['DE-R-14', (r) => children(child(r, 'cac:TaxTotal'), 'cac:TaxSubtotal').every((s) => present(s, 'cac:TaxCategory', 'cbc:Percent'))],
  ['DE-R-15', (r) => present(r, 'cbc:BuyerReference')],
  ['DE-R-16', (r) => present(r, ...SELLER, 'cac:PartyTaxScheme', 'cbc:CompanyID')],
]; // prettier-ignore

/** The ids of the Peppol (and national) rules the document breaks; [] when it passes. */
export function peppolRuleViolations(xml: string): string[] {
  const document = parseXml(xml);
  const root = child(document, isInvoice(xml) ? 'Invoice' : 'CreditNote');
  const seller_country = country(root, SELLER);
  const rules = [
    ...PEPPOL_RULES,
    ...(seller_country === 'NL' ? NL_RULES : []),
    ...(seller_country === 'DE' && isInvoice(xml) ? DE_RULES : []),
  ];
  return rules.filter(([, holds]) => !holds(root, xml)).map(([id]) => id);
}
