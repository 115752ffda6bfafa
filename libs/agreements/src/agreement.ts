import type { FeeRule, PartyId, RoundingPolicy, SettlementTerms } from '#ledger';
import {
  RECONCILIATION_DEFAULTS,
  reconciliationTermsOf,
  type ReconciliationTerms,
} from './reconciliation-terms.js';

/**
 * The settlement agreement between a CPO and an eMSP. One stream per agreement
 * (`agreement-{id}`); every change is a new version, effective from a stated instant, never
 * retroactively. Fees are charged to the CPO and owed to their beneficiary (a hub, ...).
 */

/**
 * - `standard`: the CDR is settled at its cost incl. VAT (the CPO invoices VAT to the eMSP).
 * - `reverse_charge`: settled at its cost excl. VAT (the eMSP self-accounts the VAT, B2B
 *   cross-border within the EU).
 */
export const VAT_TREATMENTS = ['standard', 'reverse_charge'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** Defaults applied to an agreement registration when a field is absent. */
export const AGREEMENT_DEFAULTS = {
  /** In major units of the agreement currency: 0.01 EUR. */
  price_tolerance: '0.01',
  rounding: 'HALF_UP',
  vat_treatment: 'standard',
  payment_terms_days: 30,
  dispute_window_days: 30,
  ...RECONCILIATION_DEFAULTS,
} as const satisfies Partial<AgreementTerms>;

/** What an amendment may change. */
export interface AgreementTerms extends ReconciliationTerms {
  /** ISO 4217 alpha-3 currency of settlement; CDRs in another currency are held. */
  readonly currency: string;
  /** Largest accepted |ledger price - CPO's price| incl. VAT, decimal in major units. */
  readonly price_tolerance: string;
  readonly fees: readonly FeeRule[];
  /** How exact amounts become posted minor units (see libs/ledger rounding.ts). */
  readonly rounding: RoundingPolicy;
  readonly vat_treatment: VatTreatment;
  readonly payment_terms_days: number;
  /** Days after a CDR was posted during which a party may open a dispute about it. */
  readonly dispute_window_days: number;
  /** Hours after a session ended by which its CDR is due (reconciliation: missing CDR). */
  readonly cdr_deadline_hours: number;
  /** Hours without an update after which an unended session is stuck (reconciliation). */
  readonly stuck_session_hours: number;
  /** Largest accepted difference between energy figures of one session, decimal kWh. */
  readonly energy_tolerance_kwh: string;
}

/** A validated registration, defaults applied (see parseAgreementRegistration). */
export interface AgreementRegistration extends AgreementTerms {
  readonly id: string;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  /** ISO-8601 instant from which version 1 applies; null: since always. */
  readonly effective_from: string | null;
}

/** One version of an agreement, as in force from `effective_from`. */
export interface AgreementVersion extends AgreementTerms, SettlementTerms {
  readonly agreement_id: string;
  /** 1 for the registration, +1 per amendment. */
  readonly version: number;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  /** null: in force since always (only version 1 can be). */
  readonly effective_from: string | null;
  /** When the version was recorded (the command time). */
  readonly recorded_at: string;
}

export const AGREEMENT_STREAM_PREFIX = 'agreement-';

/** The agreement's stream: `agreement-{id}`. */
export function agreementStreamName(agreement_id: string): string {
  return `${AGREEMENT_STREAM_PREFIX}${agreement_id}`;
}

/** The terms part of a registration or version, for comparing content. */
export function termsOf(source: AgreementTerms): AgreementTerms {
  return {
    currency: source.currency,
    price_tolerance: source.price_tolerance,
    fees: source.fees.map((fee) => ({
      beneficiary: {
        country_code: fee.beneficiary.country_code,
        party_id: fee.beneficiary.party_id,
      },
      per_cdr: fee.per_cdr,
      percent_of_cost: fee.percent_of_cost,
    })),
    rounding: source.rounding,
    vat_treatment: source.vat_treatment,
    payment_terms_days: source.payment_terms_days,
    dispute_window_days: source.dispute_window_days,
    // Versions recorded before the reconciliation terms existed take their defaults.
    ...reconciliationTermsOf(source),
  };
}

export function sameTerms(a: AgreementTerms, b: AgreementTerms): boolean {
  return JSON.stringify(termsOf(a)) === JSON.stringify(termsOf(b));
}
