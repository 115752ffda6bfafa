import { DomainRejection } from '#ledger';
import { masterDataProblem, type PartnerMasterData } from '#partners';
import type { MasterDataFieldsDto } from './partner-master-data.dto.js';

/** The body's master data fields as given, in their canonical form. */
interface MasterDataBody extends MasterDataFieldsDto {
  vat_id?: string;
  electronic_address?: { scheme: string; id: string };
}

/**
 * The master data of a registration or amendment body, normalised (IBAN without spaces, codes
 * in upper case, payment means 58 SEPA credit transfer by default); fields the body does not
 * carry stay undefined. Refuses (400 naming the field, before anything is stored) an IBAN,
 * BIC, VAT id or electronic address that fails its scheme's check, an unknown EAS scheme or a
 * country that is not ISO 3166-1.
 */
export function masterDataOf(body: MasterDataBody): PartnerMasterData {
  const { postal_address, contact, payment, legal_registration } = body;
  const data: PartnerMasterData = {
    vat_id: body.vat_id?.toUpperCase(),
    electronic_address: body.electronic_address && {
      scheme: body.electronic_address.scheme.toUpperCase(),
      id: body.electronic_address.id,
    },
    postal_address: postal_address && {
      street: postal_address.street,
      additional_street: postal_address.additional_street ?? null,
      city: postal_address.city,
      post_code: postal_address.post_code,
      country_subdivision: postal_address.country_subdivision ?? null,
      country: postal_address.country.toUpperCase(),
    },
    contact: contact && {
      name: contact.name ?? null,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
    },
    payment: payment && {
      iban: payment.iban.replace(/\s+/g, '').toUpperCase(),
      bic: payment.bic?.toUpperCase() ?? null,
      means_code: payment.means_code ?? '58',
      account_name: payment.account_name ?? null,
    },
    legal_registration: legal_registration && {
      scheme: legal_registration.scheme.toUpperCase(),
      id: legal_registration.id,
    },
    buyer_reference: body.buyer_reference,
  };
  const problem = masterDataProblem(data);
  if (problem !== null) {
    throw new DomainRejection('validation_failed', problem.message, problem.field);
  }
  return data;
}
