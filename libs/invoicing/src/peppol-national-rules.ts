import type { InvoiceDraft, InvoiceParty } from './invoice.js';
import { partyCountry } from './ubl-invoice.js';

/**
 * The national rules of Peppol BIS Billing 3.0 that need partner master data, per seller
 * country, as OpenPEPPOL's Schematron states them (and, for Germany, the German rules for
 * Peppol that KoSIT publishes with XRechnung). Each check is [rule, master data field,
 * whether the document has it]. Rules met by how the ledger builds every document (one note,
 * type codes, VAT rates) are not repeated here; they are asserted on the XML in the tests.
 */
export type Check = readonly [rule: string, field: string, present: boolean];
export interface NationalChecks {
  readonly seller: Check[];
  readonly buyer: Check[];
}

/** NL-R-008 (UNTDID 4461). */
const NL_PAYMENT_MEANS_CODES: readonly string[] = ['30', '48', '49', '57', '58', '59'];
/** DK-R-005, for Danish sellers to Danish buyers. */
const DK_PAYMENT_MEANS_CODES: readonly string[] = [
  '1', '10', '31', '42', '48', '49', '50', '58', '59', '93', '97',
]; // prettier-ignore

const NONE: NationalChecks = { seller: [], buyer: [] };

/**
 * The country whose national rules apply: the postal address's (NL, DK, SE, IS, DE rules);
 * NO, IT and GR rules take the seller VAT id's prefix first, as the Schematron does.
 */
function peppolSupplierCountry(seller: InvoiceParty): string {
  const prefix = seller.vat_id?.slice(0, 2).toUpperCase();
  if (prefix === 'NO' || prefix === 'IT' || prefix === 'EL' || prefix === 'GR') {
    return prefix === 'EL' ? 'GR' : prefix;
  }
  return partyCountry(seller);
}

function address(party: InvoiceParty, rules: readonly [string, string, string]): Check[] {
  const at = party.address;
  const checks: Check[] = [
    [rules[0], 'postal_address.street', Boolean(at?.street)],
    [rules[1], 'postal_address.city', Boolean(at?.city)],
    [rules[2], 'postal_address.post_code', Boolean(at?.postal_code)],
  ];
  return checks.filter(([rule]) => rule !== '');
}

const legalScheme = (party: InvoiceParty) => party.legal_registration?.scheme ?? null;
/** An invoice the buyer pays (NL-R-007: PayableAmount above zero). */
const payable = (draft: InvoiceDraft) =>
  draft.type === 'INVOICE' && BigInt(draft.totals.payable_minor) > 0n;

function netherlands(draft: InvoiceDraft): NationalChecks {
  const { issuer, recipient } = draft;
  // NL-R-003 / NL-R-005 apply to a legal entity identifier when one is given.
  const kvk = (party: InvoiceParty) => ['0106', '0190', null].includes(legalScheme(party));
  const seller: Check[] = [
    ...address(issuer, ['NL-R-002', 'NL-R-002', 'NL-R-002']),
    ['NL-R-003', 'legal_registration.scheme', kvk(issuer)],
  ];
  if (draft.type === 'CREDIT_NOTE') {
    seller.push(['NL-R-001', 'preceding_invoice', draft.preceding_invoice !== null]);
  }
  if (payable(draft)) seller.push(['NL-R-007', 'payment', Boolean(issuer.payment)]);
  if (draft.type === 'INVOICE' && issuer.payment) {
    const code = issuer.payment.means_code;
    seller.push(['NL-R-008', 'payment.means_code', NL_PAYMENT_MEANS_CODES.includes(code)]);
  }
  if (partyCountry(recipient) !== 'NL') return { seller, buyer: [] };
  const buyer: Check[] = [
    ...address(recipient, ['NL-R-004', 'NL-R-004', 'NL-R-004']),
    ['NL-R-005', 'legal_registration.scheme', kvk(recipient)],
  ];
  return { seller, buyer };
}

/** DE-R-x of KoSIT's German rules for Peppol BIS 3 (invoices only, as published). */
function germany(draft: InvoiceDraft): NationalChecks {
  if (draft.type !== 'INVOICE') return NONE;
  const { issuer, recipient } = draft;
  const contact = issuer.contact ?? null;
  return {
    seller: [
      ['DE-R-1', 'payment', Boolean(issuer.payment)],
      ['DE-R-2', 'contact', contact !== null],
      ...address(issuer, ['', 'DE-R-3', 'DE-R-4']),
      ['DE-R-5', 'contact.name', Boolean(contact?.name)],
      ['DE-R-6', 'contact.phone', Boolean(contact?.phone)],
      ['DE-R-7', 'contact.email', Boolean(contact?.email)],
      ['DE-R-16', 'vat_id', Boolean(issuer.vat_id)],
    ],
    buyer: address(recipient, ['', 'DE-R-8', 'DE-R-9']),
  };
}

function denmark(draft: InvoiceDraft): NationalChecks {
  const { issuer, recipient } = draft;
  const seller: Check[] = [
    ['DK-R-002', 'legal_registration', issuer.legal_registration != null],
    ['DK-R-014', 'legal_registration.scheme', [null, '0184'].includes(legalScheme(issuer))],
  ];
  if (draft.type === 'INVOICE' && issuer.payment && partyCountry(recipient) === 'DK') {
    const code = issuer.payment.means_code;
    seller.push(['DK-R-005', 'payment.means_code', DK_PAYMENT_MEANS_CODES.includes(code)]);
    if (code === '31' || code === '42')
      seller.push(['DK-R-006', 'payment.bic', !!issuer.payment.bic]);
  }
  return { seller, buyer: [] };
}

function italy(draft: InvoiceDraft): NationalChecks {
  return { seller: address(draft.issuer, ['IT-R-002', 'IT-R-003', 'IT-R-004']), buyer: [] };
}

function iceland(draft: InvoiceDraft): NationalChecks {
  const { issuer, recipient } = draft;
  const seller: Check[] = [
    ['IS-R-002', 'legal_registration.scheme', legalScheme(issuer) === '0196'],
    ...address(issuer, ['IS-R-003', '', 'IS-R-003']),
  ];
  // IS-R-007: credit transfer (42) to a 12-digit Icelandic account, which an IBAN is not.
  if (draft.type === 'INVOICE' && issuer.payment?.means_code === '42') {
    seller.push(['IS-R-007', 'payment.means_code', issuer.payment.iban.length === 12]);
  }
  if (partyCountry(recipient) !== 'IS') return { seller, buyer: [] };
  const buyer: Check[] = [
    ['IS-R-004', 'legal_registration.scheme', legalScheme(recipient) === '0196'],
    ...address(recipient, ['IS-R-005', '', 'IS-R-005']),
  ];
  return { seller, buyer };
}

/**
 * GR-R-001 / GR-R-004: a Greek seller's invoice number must carry its TIN, issue date, series
 * and the MARK the Greek tax authority (myDATA) assigns; the ledger's numbers do not, so a
 * Greek seller's documents cannot go over Peppol: its electronic address is what to remove.
 */
function greece(): NationalChecks {
  return { seller: [['GR-R-001', 'electronic_address', false]], buyer: [] };
}

/** NO-R-001, SE-R-001/002 are met by the VAT id check at registration (identifier-checks). */
export function nationalChecks(draft: InvoiceDraft): NationalChecks {
  switch (peppolSupplierCountry(draft.issuer)) {
    case 'NL':
      return netherlands(draft);
    case 'DE':
      return germany(draft);
    case 'DK':
      return denmark(draft);
    case 'IT':
      return italy(draft);
    case 'IS':
      return iceland(draft);
    case 'GR':
      return greece();
    default:
      return NONE;
  }
}
