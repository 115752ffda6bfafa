import type { RejectionCode } from '#ledger';
import { OcpiStatus, type ReceiverRejectionCode } from '#ocpi';
import type { PaymentRejectionCode } from '#payments';
import type { PricePlanRejectionCode } from '#price-plans';

/** Every rejection code of every context: the closed sets on the one rejection kernel. */
export type AnyRejectionCode =
  RejectionCode | ReceiverRejectionCode | PaymentRejectionCode | PricePlanRejectionCode;

export type RejectionStatus = readonly [http: number, ocpi: number];

/** Malformed input: the field is named in the answer. */
const BAD_INPUT: RejectionStatus = [400, OcpiStatus.INVALID_OR_MISSING_PARAMETERS];
/** The addressed object does not exist. */
const UNKNOWN: RejectionStatus = [404, OcpiStatus.UNKNOWN_OBJECT];
/** The caller may not do this to this object. */
const FORBIDDEN: RejectionStatus = [403, OcpiStatus.CLIENT_ERROR];
/** A conflict with what the ledger already holds: the default answer of a refusal. */
const CONFLICT: RejectionStatus = [409, OcpiStatus.CLIENT_ERROR];

/**
 * The one place where domain rejection codes become HTTP and OCPI status codes: one entry per
 * code of every context, so a code added to a context's set without its status here fails the
 * type check (rejection-status.unit.spec.ts lists them all).
 */
export const REJECTION_STATUS: Readonly<Record<AnyRejectionCode, RejectionStatus>> = {
  // The ledger (libs/ledger REJECTION_CODES).
  validation_failed: BAD_INPUT,
  agreement_conflict: CONFLICT,
  agreement_unknown: UNKNOWN,
  agreement_amendment_retroactive: CONFLICT,
  cdr_conflict: CONFLICT,
  credit_reference_unknown: CONFLICT,
  credit_of_credit_cdr: CONFLICT,
  credit_of_held_cdr: CONFLICT,
  cdr_already_credited: CONFLICT,
  cdr_unknown: UNKNOWN,
  cdr_not_held: CONFLICT,
  statement_period_in_future: CONFLICT,
  statement_period_not_after_previous: CONFLICT,
  statement_period_before_agreement: CONFLICT,
  statement_period_too_large: CONFLICT,
  vat_rate_unknown: CONFLICT,
  invoice_master_data_missing: CONFLICT,
  principal_conflict: CONFLICT,
  principal_token_in_use: CONFLICT,
  dispute_conflict: CONFLICT,
  dispute_unknown: UNKNOWN,
  // Who may open, add evidence to or resolve a dispute is a rule of the dispute itself.
  dispute_not_party: FORBIDDEN,
  dispute_cdr_not_posted: CONFLICT,
  dispute_already_open: CONFLICT,
  dispute_window_closed: CONFLICT,
  dispute_not_open: CONFLICT,
  dispute_already_resolved: CONFLICT,
  evidence_conflict: CONFLICT,
  resolution_not_allowed: FORBIDDEN,
  cdr_already_resolved: CONFLICT,
  resolution_needs_agreement: CONFLICT,
  resolution_currency_mismatch: CONFLICT,
  resolution_needs_ledger_price: CONFLICT,
  resolution_signature_invalid: CONFLICT,
  exception_unknown: UNKNOWN,
  exception_already_resolved: CONFLICT,
  exception_resolved_with_cdr: CONFLICT,
  // The OCPI receiver (libs/ocpi RECEIVER_REJECTION_CODES).
  partner_conflict: CONFLICT,
  partner_token_in_use: CONFLICT,
  partner_unknown: UNKNOWN,
  partner_amendment_retroactive: CONFLICT,
  location_unknown: UNKNOWN,
  tariff_unknown: UNKNOWN,
  session_unknown: UNKNOWN,
  session_end_before_start: BAD_INPUT,
  session_energy_decreased: CONFLICT,
  session_already_completed: CONFLICT,
  object_identity_changed: BAD_INPUT,
  // OCPI credentials: a spent registration token is a credential that no longer works; POST /
  // PUT / DELETE in the wrong registration state is 405 (credentials.asciidoc).
  registration_token_unknown: [401, OcpiStatus.CLIENT_ERROR],
  registration_token_spent: [401, OcpiStatus.CLIENT_ERROR],
  partner_not_registered: [405, OcpiStatus.CLIENT_ERROR],
  // Payments (libs/payments PAYMENT_REJECTION_CODES).
  payment_conflict: CONFLICT,
  party_unknown: CONFLICT,
  currency_not_agreed: CONFLICT,
  // Price plans and driver billing (libs/price-plans PRICE_PLAN_REJECTION_CODES).
  // The partner named in the URL is not registered: the addressed resource does not exist.
  price_plan_partner_unknown: UNKNOWN,
  price_plan_partner_not_emsp: CONFLICT,
  price_plan_retroactive: CONFLICT,
  price_plan_missing: CONFLICT,
  price_plan_not_in_force: CONFLICT,
  driver_period_in_future: CONFLICT,
  driver_period_not_after_previous: CONFLICT,
};

/** The status of a rejection's code; a code of another copy of a library (never ours) is a
 * conflict, never a 500. */
export function rejectionStatusOf(code: string): RejectionStatus {
  const statuses: Readonly<Record<string, RejectionStatus | undefined>> = REJECTION_STATUS;
  return statuses[code] ?? CONFLICT;
}
