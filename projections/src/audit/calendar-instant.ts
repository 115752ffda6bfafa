/**
 * A strict ISO-8601 / RFC 3339 date-time check on the real calendar, for the auditor's windows
 * and moments: `Date.parse` accepts 2026-02-30 (and rolls it into March), which an audit must
 * refuse. A date-time needs its seconds and a designator (`Z` or `+hh:mm`); a date alone
 * (`2026-11-30`) means its first instant, UTC.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** Milliseconds since the epoch of a strict ISO-8601 instant, or null when it is not one. */
export function calendarInstantMs(text: string): number | null {
  const date = DATE.exec(text);
  if (date !== null) {
    const [year, month, day] = date.slice(1, 4).map(Number) as [number, number, number];
    return validDate(year, month, day) ? Date.UTC(year, month - 1, day) : null;
  }
  const match = DATE_TIME.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  if (!validDate(year!, month!, day!)) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  if (match[8] !== 'Z' && (Number(match[9]) > 23 || Number(match[10]) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
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
