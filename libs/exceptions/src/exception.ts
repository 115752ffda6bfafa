/**
 * The exception queue's vocabulary: what the reconciliation found, about which object, for which
 * parties (partners see the exceptions about their own CDRs and sessions), and what it puts at
 * risk. Detections and resolutions are events: on the CDR stream (holds, findings, resolutions
 * of held CDRs) or on the exception's own stream `exception-{id}` (time-based detections and
 * resolutions by a person), so the queue is a projection of the log.
 */
export const EXCEPTION_TYPES = [
  'CDR_HELD',
  'MISSING_CDR',
  'STUCK_SESSION',
  'DUPLICATE_SESSION',
  'METERING_MISMATCH',
  'SIGNATURE_INVALID',
  'IMPLAUSIBLE_CDR',
  'TARIFF_PERIOD_SPLIT',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export const EXCEPTION_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export interface Party {
  readonly country_code: string;
  readonly party_id: string;
}

/** The OCPI object an exception is about (the CPO's key). */
export type ExceptionSubject =
  | { readonly cdr: Party & { readonly id: string } }
  | { readonly session: Party & { readonly id: string } };

/** What an exception puts at risk: an amount in a currency (decimal), when one is known. */
export interface AmountAtRisk {
  readonly currency: string;
  readonly amount: string;
}

export interface ExceptionDetectedData {
  readonly exception_id: string;
  readonly type: ExceptionType;
  readonly subject: ExceptionSubject;
  /** The CPO whose object it is, and the eMSP of its token (null when unknown). */
  readonly party: Party;
  readonly emsp: Party | null;
  readonly agreement_id: string | null;
  readonly amount_at_risk: AmountAtRisk | null;
  /** The facts it was judged from (thresholds, instants, figures). */
  readonly details: Readonly<Record<string, unknown>>;
  /** The acting principal (`admin`, `scheduler`, `cli`, ...). */
  readonly detected_by: string;
  readonly detected_at: string;
}

export interface ExceptionResolvedData {
  readonly exception_id: string;
  readonly note: string;
  readonly resolved_by: string;
  readonly resolved_at: string;
}

export type ExceptionDetected = {
  readonly type: 'ExceptionDetected';
  readonly data: ExceptionDetectedData;
};
export type ExceptionResolved = {
  readonly type: 'ExceptionResolved';
  readonly data: ExceptionResolvedData;
};
export type ExceptionEvent = ExceptionDetected | ExceptionResolved;

export const EXCEPTION_STREAM_PREFIX = 'exception-';

export function exceptionStreamName(exception_id: string): string {
  return `${EXCEPTION_STREAM_PREFIX}${exception_id}`;
}
