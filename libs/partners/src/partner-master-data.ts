/**
 * A partner's master data for its documents (issue 18): postal address, contact, payment
 * details, legal registration and buyer reference, next to the VAT id and electronic address
 * kept since registration. Registered with the partner and amended by events that take effect
 * from a time not before they are recorded (never retroactively): the documents of a period
 * use the data in force when the period is closed.
 */
import {
  bicProblem,
  electronicAddressProblem,
  ibanProblem,
  isIso3166Alpha2,
  vatIdProblem,
} from './identifier-checks.js';

export interface PostalAddress {
  /** BT-35 / BT-50 */
  readonly street: string;
  /** BT-36 / BT-51 additional street line. */
  readonly additional_street?: string | null;
  /** BT-37 / BT-52 */
  readonly city: string;
  /** BT-38 / BT-53 */
  readonly post_code: string;
  /** BT-39 / BT-54 */
  readonly country_subdivision?: string | null;
  /** BT-40 / BT-55, ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** BG-6 seller contact (BT-41..43); also the buyer's (BG-9). */
export interface PartnerContact {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
}

/** BG-16 / BG-17: how the partner is paid. */
export interface PaymentDetails {
  /** BT-84, electronic IBAN (no spaces). */
  readonly iban: string;
  /** BT-86 */
  readonly bic?: string | null;
  /** BT-81, UNTDID 4461 (58 SEPA credit transfer, 30 credit transfer ...). */
  readonly means_code: string;
  /** BT-85 account name. */
  readonly account_name?: string | null;
}

/** BT-30 / BT-47 legal registration identifier with its scheme (0106 KvK, 0190 OIN ...). */
export interface LegalRegistration {
  readonly scheme: string;
  readonly id: string;
}

export interface PartnerMasterData {
  readonly postal_address?: PostalAddress | null;
  readonly contact?: PartnerContact | null;
  readonly payment?: PaymentDetails | null;
  readonly legal_registration?: LegalRegistration | null;
  /** BT-10 when the partner is the buyer; else the agreement id is used. */
  readonly buyer_reference?: string | null;
  readonly vat_id?: string | null;
  readonly electronic_address?: { readonly scheme: string; readonly id: string } | null;
}

export const MASTER_DATA_FIELDS = [
  'postal_address',
  'contact',
  'payment',
  'legal_registration',
  'buyer_reference',
  'vat_id',
  'electronic_address',
] as const;

/** Amendments replace the fields they carry; a field absent from an amendment is kept. */
export function amendedMasterData<T extends PartnerMasterData>(
  base: T,
  amendment: PartnerMasterData,
): T {
  const result: Record<string, unknown> = { ...(base as object) };
  for (const field of MASTER_DATA_FIELDS) {
    if (amendment[field] !== undefined) result[field] = amendment[field];
  }
  return result as unknown as T;
}

export interface MasterDataProblem {
  /** JSON path of the field, e.g. `payment.iban`. */
  readonly field: string;
  readonly message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const PHONE = /^\+?[0-9 ()./-]{4,30}$/;

/** The first problem of the master data (a 400 naming the field), or null when all is good. */
export function masterDataProblem(data: PartnerMasterData): MasterDataProblem | null {
  const problems: (MasterDataProblem | null)[] = [
    data.vat_id ? named('vat_id', vatIdProblem(data.vat_id)) : null,
    electronicAddressOf(data),
    data.postal_address ? addressProblem(data.postal_address) : null,
    data.contact ? contactProblem(data.contact) : null,
    data.payment ? paymentProblem(data.payment) : null,
    data.legal_registration ? legalRegistrationProblem(data.legal_registration) : null,
  ];
  return problems.find((problem) => problem !== null) ?? null;
}

function named(field: string, problem: string | null): MasterDataProblem | null {
  return problem === null ? null : { field, message: `${field} ${problem}` };
}

function electronicAddressOf(data: PartnerMasterData): MasterDataProblem | null {
  if (!data.electronic_address) return null;
  const problem = electronicAddressProblem(data.electronic_address);
  return problem === null ? null : named(`electronic_address.${problem.field}`, problem.problem);
}

function addressProblem(address: PostalAddress): MasterDataProblem | null {
  if (!isIso3166Alpha2(address.country)) {
    return named('postal_address.country', 'must be an ISO 3166-1 alpha-2 country code');
  }
  return null;
}

function contactProblem(contact: PartnerContact): MasterDataProblem | null {
  if (contact.email && !EMAIL.test(contact.email)) {
    return named('contact.email', 'must be an e-mail address');
  }
  if (contact.phone && !PHONE.test(contact.phone)) {
    return named('contact.phone', 'must be a telephone number');
  }
  return null;
}

function paymentProblem(payment: PaymentDetails): MasterDataProblem | null {
  return (
    named('payment.iban', ibanProblem(payment.iban)) ??
    (payment.bic ? named('payment.bic', bicProblem(payment.bic)) : null)
  );
}

function legalRegistrationProblem(registration: LegalRegistration): MasterDataProblem | null {
  const problem = electronicAddressProblem(registration);
  return problem === null ? null : named(`legal_registration.${problem.field}`, problem.problem);
}
