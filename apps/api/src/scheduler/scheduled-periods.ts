import { compareInstants } from '#ledger';
import { latestPeriodEnd, nextPeriodEnd } from '#settlement';

/** Upper bound on missed periods one agreement catches up in one tick (3 years of months). */
export const CATCH_UP_PERIODS_MAX = 36;

/**
 * The month ends (midnight UTC of the 1st, `DEFAULT_SETTLEMENT_PERIOD`) an agreement still has
 * to close at `now`, oldest first: every boundary after its last statement's period_end (or
 * after it took effect) up to the last boundary at or before now. Several after a downtime; none
 * when the last month is closed. Bounded: the rest is caught up on the next tick.
 */
export function periodEndsToClose(
  last_period_end: string | null,
  agreement_since: string,
  now: string,
): string[] {
  const start = last_period_end ?? agreement_since;
  const last_due = latestPeriodEnd(now);
  const ends: string[] = [];
  let end = nextPeriodEnd(latestPeriodEnd(start));
  while (compareInstants(end, last_due) <= 0 && ends.length < CATCH_UP_PERIODS_MAX) {
    ends.push(end);
    end = nextPeriodEnd(end);
  }
  return ends;
}
