import { DomainRejection, partyKey, type PartyId } from '../../ledger/src/index.js';
import type { InvoiceDraft, InvoiceParty } from './invoice.js';
import { partyCountry } from './ubl-invoice.js';

/**
 * Peppol BIS Billing 3.0 (issue 18): a document whose seller and buyer both have an electronic
 * address (BT-34, BT-49) goes over Peppol, so it carries the Peppol customization and profile
 * ids (ubl-invoice.ts) and must meet the PEPPOL-EN16931 rules and the national rules of the
 * seller's country. Most of those rules are met by how documents are built; the ones that need
 * master data a partner may not have registered are listed here, so that the close refuses,
 * naming the party and the field, instead of issuing a document an access point rejects.
 * National rules covered: NL (NL-R-001..008) and DE (DE-R-1..16, XRechnung's German rules for
 * Peppol, applied to invoices as published). The other countries' rules are not checked here.
 */
export function isPeppolDocument(draft: Pick<InvoiceDraft, 'issuer' | 'recipient'>): boolean {
  return draft.issuer.electronic_address !== null && draft.recipient.electronic_address !== null;
}

export interface MissingMasterData {
  /** The partner whose master data lacks the field (null: a driver). */
  readonly party: PartyId | null;
  readonly role: 'seller' | 'buyer';
  /** The master data field (as in POST /admin/partners), e.g. `postal_address.city`. */
  readonly field: string;
  /** The rule that needs it, e.g. `NL-R-002`. */
  readonly rule: string;
}

/** Payment means codes NL-R-008 allows on invoices of Dutch sellers (UNTDID 4461). */
export const NL_PAYMENT_MEANS_CODES: readonly string[] = ['30', '48', '49', '57', '58', '59'];
/** NL-R-003 / NL-R-005: KvK number or OIN. */
const NL_LEGAL_SCHEMES: readonly string[] = ['0106', '0190'];

type Check = readonly [rule: string, field: string, present: boolean];

function addressChecks(party: InvoiceParty, rules: readonly [string, string, string]): Check[] {
  const address = party.address;
  const checks: Check[] = [
    [rules[0], 'postal_address.street', Boolean(address?.street)],
    [rules[1], 'postal_address.city', Boolean(address?.city)],
    [rules[2], 'postal_address.post_code', Boolean(address?.postal_code)],
  ];
  return checks.filter(([rule]) => rule !== '');
}

function dutchSellerChecks(draft: InvoiceDraft): { seller: Check[]; buyer: Check[] } {
  const { issuer, recipient } = draft;
  const invoice = draft.type === 'INVOICE';
  const seller: Check[] = [
    ...addressChecks(issuer, ['NL-R-002', 'NL-R-002', 'NL-R-002']),
    [
      'NL-R-003',
      'legal_registration',
      NL_LEGAL_SCHEMES.includes(issuer.legal_registration?.scheme ?? ''),
    ],
  ];
  if (invoice) {
    seller.push(['NL-R-007', 'payment', Boolean(issuer.payment)]);
    if (issuer.payment) {
      const code = issuer.payment.means_code;
      seller.push(['NL-R-008', 'payment.means_code', NL_PAYMENT_MEANS_CODES.includes(code)]);
    }
  } else {
    seller.push(['NL-R-001', 'preceding_invoice', draft.preceding_invoice !== null]);
  }
  const buyer: Check[] =
    partyCountry(recipient) === 'NL'
      ? [
          ...addressChecks(recipient, ['NL-R-004', 'NL-R-004', 'NL-R-004']),
          [
            'NL-R-005',
            'legal_registration',
            NL_LEGAL_SCHEMES.includes(recipient.legal_registration?.scheme ?? ''),
          ],
        ]
      : [];
  return { seller, buyer };
}

function germanSellerChecks(draft: InvoiceDraft): { seller: Check[]; buyer: Check[] } {
  if (draft.type !== 'INVOICE') return { seller: [], buyer: [] };
  const { issuer, recipient } = draft;
  const contact = issuer.contact ?? null;
  return {
    seller: [
      ['DE-R-1', 'payment', Boolean(issuer.payment)],
      ['DE-R-2', 'contact', contact !== null],
      ...addressChecks(issuer, ['', 'DE-R-3', 'DE-R-4']),
      ['DE-R-5', 'contact.name', Boolean(contact?.name)],
      ['DE-R-6', 'contact.phone', Boolean(contact?.phone)],
      ['DE-R-7', 'contact.email', Boolean(contact?.email)],
      ['DE-R-16', 'vat_id', Boolean(issuer.vat_id)],
    ],
    buyer: addressChecks(recipient, ['', 'DE-R-8', 'DE-R-9']),
  };
}

/** What a Peppol document lacks for the rules of its seller's country (empty: nothing). */
export function missingPeppolMasterData(draft: InvoiceDraft): MissingMasterData[] {
  if (!isPeppolDocument(draft)) return [];
  const country = partyCountry(draft.issuer);
  const national =
    country === 'NL'
      ? dutchSellerChecks(draft)
      : country === 'DE'
        ? germanSellerChecks(draft)
        : { seller: [], buyer: [] };
  const missing = (role: 'seller' | 'buyer', party: InvoiceParty, checks: Check[]) =>
    checks
      .filter(([, , present]) => !present)
      .map(([rule, field]) => ({ party: party.party, role, field, rule }));
  const found = [
    ...missing('seller', draft.issuer, national.seller),
    ...missing('buyer', draft.recipient, national.buyer),
  ];
  // One entry per party and field (DE-R-2 and DE-R-5 both need the contact, say).
  return found.filter(
    (entry, index) =>
      found.findIndex((other) => other.role === entry.role && other.field === entry.field) ===
      index,
  );
}

/** One sentence naming the document, each party and field, and the rules that need them. */
export function missingMasterDataMessage(
  draft: InvoiceDraft,
  missing: MissingMasterData[],
): string {
  const items = missing.map((entry) => {
    const who = entry.party === null ? 'the driver' : partyKey(entry.party);
    return `${entry.role} ${who}: ${entry.field} (${entry.rule})`;
  });
  return (
    `document ${draft.invoice_id} goes over Peppol BIS Billing 3.0 and the partners' master ` +
    `data lacks what its rules need: ${items.join('; ')}`
  );
}

/**
 * Refuses (`invoice_master_data_missing`, nothing written) when a planned Peppol document lacks
 * master data its rules need; the message names the document, each party, field and rule, and
 * `field` the first partner field to register or amend.
 */
export function refuseIncompletePeppolDocuments(drafts: readonly InvoiceDraft[]): void {
  for (const draft of drafts) {
    const missing = missingPeppolMasterData(draft);
    const first = missing[0];
    if (first === undefined) continue;
    const who = first.party === null ? 'driver' : partyKey(first.party);
    throw new DomainRejection(
      'invoice_master_data_missing',
      missingMasterDataMessage(draft, missing),
      `partners.${who}.${first.field}`,
    );
  }
}
