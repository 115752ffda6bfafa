import { DomainRejection, partyKey, type PartyId } from '#ledger';
import type { InvoiceDraft, InvoiceParty } from './invoice.js';
import { type Check, nationalChecks } from './peppol-national-rules.js';

/**
 * Peppol BIS Billing 3.0 (issue 18): a document whose seller and buyer both have an electronic
 * address (BT-34, BT-49) goes over Peppol, so it carries the Peppol customization and profile
 * ids (ubl-invoice.ts) and must meet the PEPPOL-EN16931 rules and the national rules of the
 * seller's country. Most of those rules are met by how documents are built; the ones that need
 * master data a partner may not have registered are listed here, so that the close refuses,
 * naming the party and the field, instead of issuing a document an access point rejects.
 * National rules: peppol-national-rules.ts (NL, DE, DK, IT, IS, GR; NO and SE by the VAT id
 * check at registration).
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

/** What a Peppol document lacks for the rules of its seller's country (empty: nothing). */
export function missingPeppolMasterData(draft: InvoiceDraft): MissingMasterData[] {
  if (!isPeppolDocument(draft)) return [];
  const national = nationalChecks(draft);
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
function missingMasterDataMessage(draft: InvoiceDraft, missing: MissingMasterData[]): string {
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
