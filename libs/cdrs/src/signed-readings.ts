import type { ReconciliationTerms } from '#agreements';
import type { CdrDocument } from './cdr.js';

/**
 * A CDR's signed meter data (OCPI `signed_data`) as the handler verified it (ocmf-signed-data.ts):
 * absent, not verifiable (with what was wrong), or verified with every reading it signs.
 */
export type SignedMeterData =
  | { readonly status: 'ABSENT' }
  | { readonly status: 'INVALID'; readonly problem: string }
  | {
      readonly status: 'VERIFIED';
      readonly signature_method: string;
      /** Last reading minus first reading (by time), kWh decimal; null with a single reading. */
      readonly energy_kwh: string | null;
      readonly readings: readonly SignedReading[];
    };

export interface SignedReading {
  /** The OCPI `nature` of the signed value it came from (Start, End, Intermediate ...). */
  readonly nature: string;
  /** OCMF `MS`: the meter's serial number. */
  readonly meter_serial: string;
  /** ISO-8601 instant of the reading (OCMF `TM`). */
  readonly time: string;
  /** The register value in kWh (decimal; Wh readings converted). */
  readonly kwh: string;
  /** OCMF `ST`: meter status, `G` = good. */
  readonly status: string;
}

/** What the verified readings say that disagrees with the CDR, in sentences; empty if nothing. */
export function signedReadingFindings(
  cdr: CdrDocument,
  signed: SignedMeterData,
  terms: ReconciliationTerms,
): string[] {
  if (signed.status !== 'VERIFIED') return [];
  const problems: string[] = [];
  const serials = [...new Set(signed.readings.map((reading) => reading.meter_serial))];
  if (serials.length > 1) problems.push(`readings of several meters (${serials.join(', ')})`);
  const bad = signed.readings.filter((reading) => reading.status !== 'G');
  if (bad.length > 0) {
    const flags = bad.map((reading) => `${reading.time} status ${reading.status}`).join(', ');
    problems.push(`readings without the good status flag G (${flags})`);
  }
  const tolerance_ms = terms.meter_clock_tolerance_s * 1000;
  const start_ms = Date.parse(String(cdr.start_date_time)) - tolerance_ms;
  const end_ms = Date.parse(String(cdr.end_date_time)) + tolerance_ms;
  const outside = signed.readings.filter((reading) => {
    const at = Date.parse(reading.time);
    return !(at >= start_ms && at <= end_ms);
  });
  if (outside.length > 0) {
    problems.push(
      `reading times ${outside.map((reading) => reading.time).join(', ')} lie outside the CDR's ` +
        `start and end (clock tolerance ${terms.meter_clock_tolerance_s} s)`,
    );
  }
  return problems;
}
