/**
 * A strict ISO-8601 / RFC 3339 date-time check on the real calendar, for the auditor's windows
 * and moments: `Date.parse` accepts 2026-02-30 (and rolls it into March), which an audit must
 * refuse. Seconds are optional; without a designator the time is UTC (as OCPI reads its
 * timestamps), never the host's local time; a date alone (`2026-11-30`) is its first instant,
 * UTC. Hours 00-23, minutes and seconds 00-59, offsets up to 23:59.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch of a strict ISO-8601 instant, or null when it is not one. */
export function calendarInstantMs(text: string): number | null {
  const match = DATE_TIME.exec(text);
  if (match === null) return null;
  const [year, month, day] = [1, 2, 3].map((index) => Number(match[index]));
  const [hour, minute, second] = [4, 5, 6].map((index) => Number(match[index] ?? 0));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  const sign = match[9] === '-' ? -1 : 1;
  const [offset_hours, offset_minutes] = [10, 11].map((index) => Number(match[index] ?? 0));
  if (offset_hours! > 23 || offset_minutes! > 59) return null;
  const ms = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc_ms = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  return utc_ms - sign * (offset_hours! * 60 + offset_minutes!) * 60_000;
}

export type WindowProblem = { readonly field: 'from' | 'to'; readonly message: string };

/** A journal window [from, to): both strict instants, `from` not after `to`. */
export function parseWindow(
  from: unknown,
  to: unknown,
): { from_ms: number; to_ms: number } | WindowProblem {
  const bounds: Record<'from' | 'to', number> = { from: 0, to: 0 };
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === undefined || value === '') {
      return { field, message: `${field} is required (an ISO-8601 date-time)` };
    }
    const ms = typeof value === 'string' ? calendarInstantMs(value) : null;
    if (ms === null) {
      return {
        field,
        message: `${field} must be an ISO-8601 date-time on the calendar such as 2026-11-01T00:00:00Z, not ${JSON.stringify(value)}`,
      };
    }
    bounds[field] = ms;
  }
  if (bounds.from > bounds.to) return { field: 'from', message: 'from must not be after to' };
  return { from_ms: bounds.from, to_ms: bounds.to };
}
