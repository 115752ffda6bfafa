/**
 * Instants as ISO-8601 / RFC 3339 date-time strings, as OCPI sends them. OCPI timestamps are UTC
 * and may omit the designator ("the absence of the timezone designator implies a UTC
 * timestamp"), so a missing designator is read as `Z`, never as the host's local time.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/;

/**
 * True for a date-time whose every field is real: `Date.parse` rolls `2026-02-30` over to
 * March 2nd and takes hour 24, so the calendar is checked here, before anything reads it.
 */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return false;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const offset_ok = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return (
    isCalendarDate(year, month, day) &&
    isTimeOfDay(hour, minute, second) &&
    offset_ok &&
    !Number.isNaN(instantMs(value))
  );
}

/** A real date of the proleptic Gregorian calendar (month 1-12). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A real wall-clock time: 00:00:00 to 23:59:59 (no leap second, no 24:00). */
export function isTimeOfDay(hour: number, minute: number, second = 0): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
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
