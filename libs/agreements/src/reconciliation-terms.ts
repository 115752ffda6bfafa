/**
 * The agreement's reconciliation thresholds: how far figures may disagree before a CDR is held,
 * how long a CDR may be late, how long a session may stay silent. Named, documented, amendable
 * like every other term (README, "Reconciliation and the exception queue").
 */

/** The arrival checks an agreement may turn from a hold into a flag (SIGNATURE_INVALID never). */
export const FLAGGABLE_CHECKS = [
  'DUPLICATE_SESSION',
  'METERING_MISMATCH',
  'IMPLAUSIBLE_CDR',
] as const;
export type FlaggableCheck = (typeof FLAGGABLE_CHECKS)[number];

export interface ReconciliationTerms {
  /** A session ended this many hours ago without a CDR is a MISSING_CDR. */
  readonly cdr_deadline_hours: number;
  /** A session not ended and not updated (its own last_updated) for this long is STUCK_SESSION. */
  readonly stuck_session_hours: number;
  /** Largest accepted spread (kWh, decimal) between the energy figures of one charge. */
  readonly energy_tolerance_kwh: string;
  /** Margin (percent, decimal) over the connector's power x time before energy is implausible. */
  readonly power_margin_percent: string;
  /** Largest accepted |total_time - (end - start)|, seconds. */
  readonly duration_tolerance_s: number;
  /** How far signed meter reading times may lie outside the CDR's start / end, seconds. */
  readonly meter_clock_tolerance_s: number;
  /** Arrival checks that only flag (an open exception) instead of holding the CDR. */
  readonly flag_only: readonly FlaggableCheck[];
}

export const RECONCILIATION_DEFAULTS = {
  cdr_deadline_hours: 48,
  stuck_session_hours: 24,
  energy_tolerance_kwh: '0.01',
  power_margin_percent: '10',
  duration_tolerance_s: 60,
  meter_clock_tolerance_s: 300,
  flag_only: [] as readonly FlaggableCheck[],
} as const satisfies ReconciliationTerms;

/** The reconciliation terms of a source, each absent one (an older event) at its default. */
export function reconciliationTermsOf(source: Partial<ReconciliationTerms>): ReconciliationTerms {
  const d = RECONCILIATION_DEFAULTS;
  return {
    cdr_deadline_hours: source.cdr_deadline_hours ?? d.cdr_deadline_hours,
    stuck_session_hours: source.stuck_session_hours ?? d.stuck_session_hours,
    energy_tolerance_kwh: source.energy_tolerance_kwh ?? d.energy_tolerance_kwh,
    power_margin_percent: source.power_margin_percent ?? d.power_margin_percent,
    duration_tolerance_s: source.duration_tolerance_s ?? d.duration_tolerance_s,
    meter_clock_tolerance_s: source.meter_clock_tolerance_s ?? d.meter_clock_tolerance_s,
    flag_only: [...(source.flag_only ?? d.flag_only)],
  };
}
