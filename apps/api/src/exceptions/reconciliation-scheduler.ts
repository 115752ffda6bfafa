import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JsonLogger } from '../infrastructure/json-logger.js';
import { PeriodicTask } from '../scheduler/periodic-task.js';
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
  private readonly interval_ms = reconciliationIntervalFromEnv();
  private readonly task: PeriodicTask;

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly logger: JsonLogger,
  ) {
    this.task = new PeriodicTask('reconciliation run', () => this.runNow(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.interval_ms === 0) return;
    this.task.start(this.interval_ms, { immediately: false });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async runNow(): Promise<void> {
    const now = new Date().toISOString();
    const context = {
      correlation_id: `reconciliation-${now}`,
      principal: 'scheduler',
      received_at: now,
    };
    const run = await this.reconciliation.run(now, context);
    this.logger.event('info', 'reconciliation run', { ...run });
  }
}
