import type { InvoiceParty } from '../../../../libs/invoicing/src/index.js';
import type { PartyId } from '../../../../libs/ledger/src/index.js';
import type { PartnerDetails } from '../../../../libs/partners/src/partner.decider.js';

/** A party of a document, with the partner registry's details (no postal address is kept). */
export function invoicePartyOf(party: PartyId, registered: PartnerDetails): InvoiceParty {
  return {
    party,
    name: registered.name,
    country_code: registered.country_code,
    vat_id: registered.vat_id ?? null,
    electronic_address: registered.electronic_address ?? null,
    address: null,
  };
}
