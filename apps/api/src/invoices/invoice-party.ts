import type { InvoiceParty } from '#invoicing';
import type { PartyId } from '#ledger';
import type { PartnerDetails } from '#partners';

/** A party of a document, with the partner registry's details (master data in force). */
export function invoicePartyOf(party: PartyId, registered: PartnerDetails): InvoiceParty {
  const address = registered.postal_address ?? null;
  return {
    party,
    name: registered.name,
    country_code: registered.country_code,
    vat_id: registered.vat_id ?? null,
    electronic_address: registered.electronic_address ?? null,
    address:
      address === null
        ? null
        : {
            street: address.street,
            additional_street: address.additional_street ?? null,
            city: address.city,
            postal_code: address.post_code,
            country_subdivision: address.country_subdivision ?? null,
            country: address.country,
          },
    contact: registered.contact ?? null,
    payment: registered.payment ?? null,
    legal_registration: registered.legal_registration ?? null,
    buyer_reference: registered.buyer_reference ?? null,
  };
}
