import { EAS_SCHEMES } from '#partners';
import { attribute, child, children, parseXml, text } from './xml-reading.js';

/**
 * The rules of Peppol BIS Billing 3.0 that apply to what the ledger emits, checked on the UBL
 * XML as test assertions (the Peppol Schematron is not available offline), each under its rule
 * id and written from the rule texts: PEPPOL-EN16931-R0xx / R1xx, the PEPPOL-COMMON identifier
 * checks, the national rules (NL, DK, IT, IS, NO, SE; GR in part: the invoice number format)
 * and the German rules for Peppol (DE-R-x, KoSIT's, seller in DE, on invoices). Answers the
 * ids of the rules the document breaks.
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

/** Peppol's u:mod11 (weights 2..7 from the right): Norwegian organisation numbers. */
function mod11(id: string): boolean {
  const digits = [...id.slice(0, -1)].reverse().map(Number);
  const sum = digits.reduce((total, d, i) => total + d * ((i % 6) + 2), 0);
  return Number(id) > 0 && (11 - (sum % 11)) % 11 === Number(id.at(-1));
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
  ['PEPPOL-COMMON-R041', (_r, xml) => schemedIds(xml).every(([s, id]) => s !== '0192' || (/^\d{9}$/.test(id) && mod11(id)))],
  ['PEPPOL-COMMON-R042', (_r, xml) => schemedIds(xml).every(([s, id]) => s !== '0184' || /^DK\d{8}$/.test(id))],
  ['PEPPOL-COMMON-R043', (_r, xml) => schemedIds(xml).every(([s, id]) => s !== '0208' || mod97Check(id))],
  ['PEPPOL-EN16931-R051', (r, xml) => [...xml.matchAll(/currencyID="([^"]*)"/g)].every(([, c]) => c === text(r, 'cbc:DocumentCurrencyCode'))],
  ['PEPPOL-EN16931-R061', (r) => children(r, 'cac:PaymentMeans').every((m) => !['49', '59'].includes(text(m, 'cbc:PaymentMeansCode') ?? '') || present(m, 'cac:PaymentMandate', 'cbc:ID'))],
]; // prettier-ignore

const address = (party: string[]) => [...party, 'cac:PostalAddress'];
const legalScheme = (r: Root, party: string[]) =>
  present(r, ...party, 'cac:PartyLegalEntity', 'cbc:CompanyID')
    ? (attribute(r, 'schemeID', ...party, 'cac:PartyLegalEntity', 'cbc:CompanyID') ?? '')
    : null;
/** NL-R-003 / NL-R-005 apply to a legal entity identifier that is given. */
const KVK_OR_OIN = (r: Root, party: string[]) =>
  [null, '0106', '0190'].includes(legalScheme(r, party));
const NOT_NL_BUYER = (r: Root) => country(r, BUYER) !== 'NL';
const payable = (r: Root) => Number(text(r, 'cac:LegalMonetaryTotal', 'cbc:PayableAmount'));
const STREET_CITY_ZIP = ['cbc:StreetName', 'cbc:CityName', 'cbc:PostalZone'];

const NL_RULES: readonly Rule[] = [
  ['NL-R-001', (r, xml) => isInvoice(xml) || present(r, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID')],
  ['NL-R-002', (r) => STREET_CITY_ZIP.every((n) => present(r, ...address(SELLER), n))],
  ['NL-R-003', (r) => KVK_OR_OIN(r, SELLER)],
  ['NL-R-004', (r) => NOT_NL_BUYER(r) || STREET_CITY_ZIP.every((n) => present(r, ...address(BUYER), n))],
  ['NL-R-005', (r) => NOT_NL_BUYER(r) || KVK_OR_OIN(r, BUYER)],
  ['NL-R-007', (r, xml) => (isInvoice(xml) ? payable(r) <= 0 : payable(r) >= 0) || child(r, 'cac:PaymentMeans') !== undefined],
  ['NL-R-008', (r) => children(r, 'cac:PaymentMeans').every((m) => ['30', '48', '49', '57', '58', '59'].includes(text(m, 'cbc:PaymentMeansCode') ?? ''))],
]; // prettier-ignore

const DK_BOTH = (r: Root) => country(r, BUYER) === 'DK';
const DK_RULES: readonly Rule[] = [
  ['DK-R-002', (r) => present(r, ...SELLER, 'cac:PartyLegalEntity', 'cbc:CompanyID')],
  ['DK-R-014', (r) => [null, '0184'].includes(legalScheme(r, SELLER))],
  ['DK-R-013', (r) => !DK_BOTH(r) || [SELLER, BUYER].every((p) => children(child(r, ...p), 'cac:PartyIdentification').every((id) => Boolean(attribute(id, 'schemeID', 'cbc:ID'))))],
  ['DK-R-005', (r, xml) => !DK_BOTH(r) || !isInvoice(xml) || children(r, 'cac:PaymentMeans').every((m) => ' 1 10 31 42 48 49 50 58 59 93 97 '.includes(` ${text(m, 'cbc:PaymentMeansCode')} `))],
  ['DK-R-006', (r, xml) => !DK_BOTH(r) || !isInvoice(xml) || children(r, 'cac:PaymentMeans').every((m) => !['31', '42'].includes(text(m, 'cbc:PaymentMeansCode') ?? '') || (present(m, 'cac:PayeeFinancialAccount', 'cbc:ID') && present(m, 'cac:PayeeFinancialAccount', 'cac:FinancialInstitutionBranch', 'cbc:ID')))],
  ['DK-R-016', (r, xml) => isInvoice(xml) || !DK_BOTH(r) || payable(r) >= 0],
]; // prettier-ignore

const IT_RULES: readonly Rule[] = [
  ['IT-R-002', (r) => present(r, ...address(SELLER), 'cbc:StreetName')],
  ['IT-R-003', (r) => present(r, ...address(SELLER), 'cbc:CityName')],
  ['IT-R-004', (r) => present(r, ...address(SELLER), 'cbc:PostalZone')],
]; // prettier-ignore

const IS_BOTH = (r: Root) => country(r, BUYER) === 'IS';
const IS_RULES: readonly Rule[] = [
  ['IS-R-002', (r) => legalScheme(r, SELLER) === '0196'],
  ['IS-R-003', (r) => present(r, ...address(SELLER), 'cbc:StreetName') && present(r, ...address(SELLER), 'cbc:PostalZone')],
  ['IS-R-004', (r) => !IS_BOTH(r) || legalScheme(r, BUYER) === '0196'],
  ['IS-R-005', (r) => !IS_BOTH(r) || (present(r, ...address(BUYER), 'cbc:StreetName') && present(r, ...address(BUYER), 'cbc:PostalZone'))],
  ['IS-R-007', (r) => children(r, 'cac:PaymentMeans').every((m) => text(m, 'cbc:PaymentMeansCode') !== '42' || (text(m, 'cac:PayeeFinancialAccount', 'cbc:ID') ?? '').length === 12)],
]; // prettier-ignore

const sellerVat = (r: Root) => text(r, ...SELLER, 'cac:PartyTaxScheme', 'cbc:CompanyID') ?? '';
const NO_RULES: readonly Rule[] = [
  ['NO-R-001', (r) => !sellerVat(r).startsWith('NO') || (/^NO\d{9}MVA$/.test(sellerVat(r)) && mod11(sellerVat(r).slice(2, 11)))],
]; // prettier-ignore
const SE_RULES: readonly Rule[] = [
  ['SE-R-001', (r) => !sellerVat(r).startsWith('SE') || sellerVat(r).length === 14],
  ['SE-R-002', (r) => !sellerVat(r).startsWith('SE') || /^\d{12}$/.test(sellerVat(r).slice(2))],
]; // prettier-ignore
const GR_RULES: readonly Rule[] = [
  ['GR-R-001-1', (r) => (text(r, 'cbc:ID') ?? '').split('|').length === 6],
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
  const postal = country(root, SELLER);
  const vat_prefix = sellerVat(root).slice(0, 2);
  // NO, IT and GR rules take the seller's VAT prefix first (the Schematron's $supplierCountry).
  const supplier = /^[A-Z]{2}$/.test(vat_prefix)
    ? vat_prefix === 'EL'
      ? 'GR'
      : vat_prefix
    : postal;
  const rules = [
    ...PEPPOL_RULES,
    ...(postal === 'NL' ? NL_RULES : []),
    ...(postal === 'DE' && isInvoice(xml) ? DE_RULES : []),
    ...(postal === 'DK' ? DK_RULES : []),
    ...(postal === 'IS' ? IS_RULES : []),
    ...(postal === 'SE' ? SE_RULES : []),
    ...(supplier === 'IT' ? IT_RULES : []),
    ...(supplier === 'NO' ? NO_RULES : []),
    ...(supplier === 'GR' ? GR_RULES : []),
  ];
  return rules.filter(([, holds]) => !holds(root, xml)).map(([id]) => id);
}
