import { DateTime } from 'luxon';
import { invariant } from '#ledger';

/**
 * Settlement periods of an agreement. A period is closed by the CloseSettlementPeriod command
 * with an explicit `period_end` (the HTTP caller's, or a scheduler's); the period starts where
 * the previous statement ended. A scheduler finds the boundary to close with
 * `latestPeriodEnd(now, rule)`: monthly by default, at midnight UTC of the 1st.
 */
export const PERIOD_UNITS = ['month', 'week', 'day'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface SettlementPeriodRule {
  readonly unit: PeriodUnit;
  /** IANA zone whose local midnight is the boundary (weeks start on Monday). */
  readonly time_zone: string;
}

export const DEFAULT_SETTLEMENT_PERIOD: SettlementPeriodRule = { unit: 'month', time_zone: 'UTC' };

function parseInstant(iso: string, zone: string): DateTime {
  const parsed = DateTime.fromISO(iso, { zone: 'utc', setZone: false }).setZone(zone);
  invariant(parsed.isValid, `not an ISO-8601 instant or zone: ${iso} / ${zone}`);
  return parsed;
}

/** The latest period boundary at or before `at` (ISO-8601 UTC, `...Z`). */
export function latestPeriodEnd(
  at: string,
  rule: SettlementPeriodRule = DEFAULT_SETTLEMENT_PERIOD,
): string {
  const local = parseInstant(at, rule.time_zone);
  const boundary = local.startOf(rule.unit === 'week' ? 'week' : rule.unit);
  return boundary.toUTC().toISO({ suppressMilliseconds: true }) as string;
}

/** The boundary one period after `period_end` (for catching up several missed closes). */
export function nextPeriodEnd(
  period_end: string,
  rule: SettlementPeriodRule = DEFAULT_SETTLEMENT_PERIOD,
): string {
  const local = parseInstant(period_end, rule.time_zone);
  const step = { [`${rule.unit}s`]: 1 };
  const next = local.plus(step).startOf(rule.unit === 'week' ? 'week' : rule.unit);
  return next.toUTC().toISO({ suppressMilliseconds: true }) as string;
}

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;

/** The calendar date (YYYY-MM-DD, UTC) of an instant: issue dates of statements and invoices. */
export function utcDateOf(instant: string): string {
  // An ISO instant in UTC (`...Z`, as the ledger writes them): Date gives its date directly,
  // at a fraction of luxon's cost (a close takes the dates of every line of its documents).
  if (UTC_INSTANT.test(instant)) {
    const ms = Date.parse(instant);
    if (Number.isFinite(ms)) return new Date(ms).toISOString().slice(0, 10);
  }
  return parseInstant(instant, 'utc').toISODate() as string;
}

/** The payment due date: the issue date plus the agreement's payment terms in calendar days. */
export function dueDateOf(issued_at: string, payment_terms_days: number): string {
  invariant(Number.isInteger(payment_terms_days) && payment_terms_days >= 0, 'payment terms');
  const issued = parseInstant(issued_at, 'utc').startOf('day');
  return issued.plus({ days: payment_terms_days }).toISODate() as string;
}

/**
 * The last calendar day (UTC) a period ending at `period_end` covers: a period ending at
 * midnight of 1 February covers 31 January (invoice periods BG-14 are inclusive dates).
 */
export function lastDayOf(period_end: string): string {
  return parseInstant(period_end, 'utc').minus({ milliseconds: 1 }).toISODate() as string;
}

/** The instant in canonical UTC notation (`2026-02-01T00:00:00Z`, milliseconds only if any). */
export function utcInstant(instant: string): string {
  return parseInstant(instant, 'utc').toISO({ suppressMilliseconds: true }) as string;
}
