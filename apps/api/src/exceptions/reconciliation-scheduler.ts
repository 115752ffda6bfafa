import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JsonLogger } from '../infrastructure/json-logger.js';
import { ReconciliationService } from './reconciliation.service.js';

const INTERVAL_MS_MIN = 1000;
const INTERVAL_MS_MAX = 24 * 60 * 60 * 1000;

/**
 * `LEDGER_RECONCILIATION_INTERVAL_MS`: how often the time-based checks run on their own
 * (unset or 0: never, as in tests; `POST /admin/reconciliation/runs` and `ledger reconcile`
 * run them on demand). Read once at start; a bad value fails the start.
 */
export function reconciliationIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = (env.LEDGER_RECONCILIATION_INTERVAL_MS ?? '').trim();
  if (text === '' || text === '0') return 0;
  const interval = Number(text);
  if (!Number.isInteger(interval) || interval < INTERVAL_MS_MIN || interval > INTERVAL_MS_MAX) {
    throw new Error(
      `LEDGER_RECONCILIATION_INTERVAL_MS must be 0 (off) or an integer in ` +
        `[${INTERVAL_MS_MIN}, ${INTERVAL_MS_MAX}]`,
    );
  }
  return interval;
}

/** Runs the time-based checks every interval (one run at a time), logging what each found. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly interval_ms = reconciliationIntervalFromEnv();

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.interval_ms === 0) return;
    this.timer = setInterval(() => this.tick(), this.interval_ms);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running !== null) return;
    const now = new Date().toISOString();
    const context = {
      correlation_id: `reconciliation-${now}`,
      principal: 'scheduler',
      received_at: now,
    };
    this.running = this.reconciliation
      .run(now, context)
      .then((run) => this.logger.event('info', 'reconciliation run', { ...run }))
      .catch((error: unknown) =>
        this.logger.event('error', 'reconciliation run failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
