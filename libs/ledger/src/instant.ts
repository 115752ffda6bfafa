/**
 * Instants as ISO-8601 / RFC 3339 date-time strings, as OCPI sends them. OCPI timestamps are UTC
 * and may omit the designator ("the absence of the timezone designator implies a UTC
 * timestamp"), so a missing designator is read as `Z`, never as the host's local time.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(instantMs(value));
}

/** Milliseconds since the epoch; NaN for a string that is not an ISO date-time. */
export function instantMs(iso: string): number {
  const designated = /(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}Z`;
  return Date.parse(designated);
}

/** Negative when a is before b, zero when the same instant, positive when after. */
export function compareInstants(a: string, b: string): number {
  return instantMs(a) - instantMs(b);
}
