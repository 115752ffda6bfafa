/**
 * The OCPI response envelope (transport_and_format.asciidoc, "Response format") and the status
 * codes of status_codes.asciidoc that the receiver interface uses.
 */
export const OcpiStatus = {
  SUCCESS: 1000,
  CLIENT_ERROR: 2000,
  INVALID_OR_MISSING_PARAMETERS: 2001,
  NOT_ENOUGH_INFORMATION: 2002,
  UNKNOWN_OBJECT: 2003,
  SERVER_ERROR: 3000,
  /** Credentials registration: the client's versions or details could not be used. */
  UNABLE_TO_USE_CLIENT_API: 3001,
  UNSUPPORTED_VERSION: 3002,
  NO_MATCHING_ENDPOINTS: 3003,
} as const;
export type OcpiStatusCode = (typeof OcpiStatus)[keyof typeof OcpiStatus];

export interface OcpiResponse<TData> {
  readonly data?: TData;
  readonly status_code: number;
  readonly status_message?: string;
  readonly timestamp: string;
}

export function ocpiSuccess<TData>(
  data: TData,
  timestamp: string,
  status_message = 'Success',
): OcpiResponse<TData> {
  return { data, status_code: OcpiStatus.SUCCESS, status_message, timestamp };
}

export function ocpiError(
  status_code: number,
  status_message: string,
  timestamp: string,
): OcpiResponse<null> {
  return { data: null, status_code, status_message, timestamp };
}
