import { Rejection, compareInstants, type PartyId } from '#ledger';

/**
 * End-customer price plans of an eMSP (libs/invoicing `EndCustomerPricePlan`): what the eMSP
 * charges its drivers on top of the CPO's cost. Versioned on `price-plan-{cc}-{pid}`: a new
 * plan takes effect from its `effective_from` (now, or later), never before the latest version
 * or before it was recorded, so an invoice priced with a version stays explainable.
 */
export const PRICE_PLAN_STREAM_PREFIX = 'price-plan-';

export function pricePlanStreamName(emsp: PartyId): string {
  return `${PRICE_PLAN_STREAM_PREFIX}${emsp.country_code}-${emsp.party_id}`;
}

export interface PricePlanVersion {
  readonly emsp: PartyId;
  /** 1 for the first plan, +1 per change. */
  readonly version: number;
  /** Decimal string in percent added to the CPO's cost excl. VAT ("10" = +10 %). */
  readonly markup_percent: string;
  /** Decimal string, major units, excl. VAT, per session. */
  readonly fee_per_session: string;
  /** ISO-8601 UTC: from this instant on the version is in force. */
  readonly effective_from: string;
  readonly recorded_at: string;
}

/**
 * Rejection codes of the price-plan context: a closed set on the one rejection kernel (Rejection), like
 * libs/payments. Malformed input is the ledger's `validation_failed` (with `field`).
 *
 * | code                              | HTTP | meaning                                               |
 * | --------------------------------- | ---- | ----------------------------------------------------- |
 * | price_plan_partner_unknown        | 404  | no partner is registered under that party id          |
 * | price_plan_partner_not_emsp       | 409  | the partner is registered, but not as an EMSP         |
 * | price_plan_retroactive            | 409  | effective_from before now or before the latest version |
 * | price_plan_missing                | 409  | driver invoicing without any price plan of the eMSP    |
 * | price_plan_not_in_force           | 409  | a driver session started before the eMSP's first plan  |
 * | driver_period_in_future           | 409  | closing a driver-billing period that ends after now    |
 * | driver_period_not_after_previous  | 409  | period_end not after the previous driver period's      |
 */
export const PRICE_PLAN_REJECTION_CODES = [
  'price_plan_partner_unknown',
  'price_plan_partner_not_emsp',
  'price_plan_retroactive',
  'price_plan_missing',
  'price_plan_not_in_force',
  'driver_period_in_future',
  'driver_period_not_after_previous',
] as const;
export type PricePlanRejectionCode = (typeof PRICE_PLAN_REJECTION_CODES)[number];

export class PricePlanRejection extends Rejection<PricePlanRejectionCode> {
  /** The code, by the name this context's callers and specs read. */
  readonly price_plan_code: PricePlanRejectionCode = this.code;
}

export interface PricePlanState {
  /** Oldest first; effective_from strictly increasing. */
  readonly versions: readonly PricePlanVersion[];
}

/** The version in force at `at`, or null before the first one. */
export function planInForceAt(state: PricePlanState, at: string): PricePlanVersion | null {
  let found: PricePlanVersion | null = null;
  for (const version of state.versions) {
    if (compareInstants(version.effective_from, at) <= 0) found = version;
  }
  return found;
}
