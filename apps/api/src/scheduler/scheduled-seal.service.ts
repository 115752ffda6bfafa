import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  eventIdFor,
  type EventStore,
  LOG_SEALED,
  sealLog,
  SEALS_STREAM,
  type LogSealedData,
  storedForm,
} from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { JsonLogger } from '../infrastructure/json-logger.js';
import { PeriodicTask } from './periodic-task.js';
import { SCHEDULER_CLOCK, type SchedulerClock } from './scheduled-close.config.js';

/** `LEDGER_SCHEDULED_SEAL`: `daily` seals the log once per UTC day; off by default. */
export interface ScheduledSealConfig {
  readonly mode: 'off' | 'daily';
  /** How often the scheduler checks whether today's seal is made (bounded: 1 s .. 1 h). */
  readonly interval_ms: number;
}

export const SCHEDULED_SEAL_CONFIG = Symbol('SCHEDULED_SEAL_CONFIG');

const INTERVAL_MS_DEFAULT = 15 * 60 * 1000;
const INTERVAL_MS_MIN = 1000;
const INTERVAL_MS_MAX = 60 * 60 * 1000;

/** Read once at start; an unknown value fails the start rather than silently not sealing. */
export function scheduledSealConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ScheduledSealConfig {
  const mode = (env.LEDGER_SCHEDULED_SEAL ?? 'off').trim().toLowerCase();
  if (mode !== 'off' && mode !== '' && mode !== 'daily') {
    throw new Error(`LEDGER_SCHEDULED_SEAL must be "daily" or "off", not "${mode}"`);
  }
  const interval = Number(env.LEDGER_SCHEDULED_SEAL_INTERVAL_MS ?? INTERVAL_MS_DEFAULT);
  if (!Number.isInteger(interval) || interval < INTERVAL_MS_MIN || interval > INTERVAL_MS_MAX) {
    throw new Error(
      `LEDGER_SCHEDULED_SEAL_INTERVAL_MS must be an integer in ` +
        `[${INTERVAL_MS_MIN}, ${INTERVAL_MS_MAX}]`,
    );
  }
  return { mode: mode === 'daily' ? 'daily' : 'off', interval_ms: interval };
}

/**
 * The opt-in daily seal (`LEDGER_SCHEDULED_SEAL=daily`): at start and then every `interval_ms`,
 * seals the log unless a seal was already made on the current UTC day (by this instance,
 * another one, or `ledger seal`). Each seal is logged with its position and root, one JSON line,
 * for the operator to ship outside the system (a seal kept only inside proves little).
 */
@Injectable()
export class ScheduledSeal implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly logger: JsonLogger,
    @Inject(SCHEDULED_SEAL_CONFIG) private readonly config: ScheduledSealConfig,
    @Inject(SCHEDULER_CLOCK) private readonly clock: SchedulerClock,
  ) {
    this.task = new PeriodicTask('scheduled seal', () => this.tick(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.mode === 'off') return;
    this.task.start(this.config.interval_ms, { immediately: true });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Seals the log unless a seal exists for the UTC day of `now`; the seal made, or null. */
  async tick(now: string = this.clock.now()): Promise<LogSealedData | null> {
    const last = await this.lastSeal();
    if (last !== null && last.sealed_at.slice(0, 10) === now.slice(0, 10)) return null;
    const sealed = await sealLog(storedForm(this.store), {
      principal: 'scheduler',
      correlation_id: eventIdFor('scheduled-seal', now),
      sealed_at: now,
    });
    this.logger.event('info', 'log sealed', { position: sealed.position, root: sealed.root });
    return sealed;
  }

  private async lastSeal(): Promise<LogSealedData | null> {
    for await (const event of this.store.readStream(SEALS_STREAM, {
      direction: 'backwards',
      max_count: 1,
    })) {
      if (event.type === LOG_SEALED) return event.data as LogSealedData;
    }
    return null;
  }
}
