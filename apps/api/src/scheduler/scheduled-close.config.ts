/** `LEDGER_SCHEDULED_CLOSE`: `monthly` closes every agreement's last month; off by default. */
export interface ScheduledCloseConfig {
  readonly mode: 'off' | 'monthly';
  /** How often the scheduler looks for ended periods (bounded: 1 s .. 1 h). */
  readonly interval_ms: number;
}

export const SCHEDULED_CLOSE_CONFIG = Symbol('SCHEDULED_CLOSE_CONFIG');

/** The scheduler's clock: ISO-8601 UTC now. Injected so that a test can drive it. */
export interface SchedulerClock {
  now(): string;
}

export const SCHEDULER_CLOCK = Symbol('SCHEDULER_CLOCK');

export const systemClock: SchedulerClock = { now: () => new Date().toISOString() };

const INTERVAL_MS_DEFAULT = 15 * 60 * 1000;
const INTERVAL_MS_MIN = 1000;
const INTERVAL_MS_MAX = 60 * 60 * 1000;

/** Read once at start; an unknown value fails the start rather than silently not closing. */
export function scheduledCloseConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ScheduledCloseConfig {
  const mode = (env.LEDGER_SCHEDULED_CLOSE ?? 'off').trim().toLowerCase();
  if (mode !== 'off' && mode !== '' && mode !== 'monthly') {
    throw new Error(`LEDGER_SCHEDULED_CLOSE must be "monthly" or "off", not "${mode}"`);
  }
  const interval = Number(env.LEDGER_SCHEDULED_CLOSE_INTERVAL_MS ?? INTERVAL_MS_DEFAULT);
  if (!Number.isInteger(interval) || interval < INTERVAL_MS_MIN || interval > INTERVAL_MS_MAX) {
    throw new Error(
      `LEDGER_SCHEDULED_CLOSE_INTERVAL_MS must be an integer in ` +
        `[${INTERVAL_MS_MIN}, ${INTERVAL_MS_MAX}]`,
    );
  }
  return { mode: mode === 'monthly' ? 'monthly' : 'off', interval_ms: interval };
}
