import { compareInstants, type PartyId } from '#ledger';

/**
 * Driver-billing periods of an eMSP on `driver-billing-{cc}-{pid}`: each close invoices the
 * drivers for the CDRs posted under the eMSP's agreements in (previous period_end, period_end].
 * The event is appended before the invoices are issued; a repeated close (same period_end)
 * finds it and re-issues what a crash may have left unissued (idempotent by invoice id).
 */
export const DRIVER_BILLING_STREAM_PREFIX = 'driver-billing-';

export function driverBillingStreamName(emsp: PartyId): string {
  return `${DRIVER_BILLING_STREAM_PREFIX}${emsp.country_code}-${emsp.party_id}`;
}

export interface DriverBillingPeriod {
  readonly period_id: string;
  readonly emsp: PartyId;
  /** 1 for the first period, +1 per close. */
  readonly sequence: number;
  /** The previous period's end, or null for the first period (everything before). */
  readonly period_start: string | null;
  readonly period_end: string;
  readonly closed_at: string;
}

export interface DriverBillingState {
  /** Oldest first; period_end strictly increasing. */
  readonly periods: readonly DriverBillingPeriod[];
}

/** The period closed before at exactly this period_end, or null. */
export function closedDriverPeriodAt(
  state: DriverBillingState,
  period_end: string,
): DriverBillingPeriod | null {
  return state.periods.find((p) => compareInstants(p.period_end, period_end) === 0) ?? null;
}
