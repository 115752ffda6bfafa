import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DatabaseSync } from 'node:sqlite';
import { eventIdFor, type EventStore } from '#event-store';
import { DomainRejection } from '#ledger';
import { statementStreamName } from '#settlement';
import {
  AGREEMENT_RELATIONS_PROJECTION,
  EXCEPTIONS_PROJECTION,
  DOCUMENTS_PROJECTION,
  ProjectionRunner,
} from '#projections';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { JsonLogger } from '../infrastructure/json-logger.js';
import { PeriodicTask } from './periodic-task.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { READ_AFTER_WRITE_TIMEOUT_MS } from '../projections/read-after-write.service.js';
import { CloseSettlementPeriodCommand } from '../statements/close-settlement-period.handler.js';
import { loadAgreement, loadStatements } from '../statements/statement-stream.js';
import {
  SCHEDULED_CLOSE_CONFIG,
  SCHEDULER_CLOCK,
  type ScheduledCloseConfig,
  type SchedulerClock,
} from './scheduled-close.config.js';
import { periodEndsToClose } from './scheduled-periods.js';

/** Upper bound on agreements closed per tick; the rest wait for the next tick. */
const AGREEMENTS_PER_TICK_MAX = 10_000;

export interface ScheduledCloseOutcome {
  readonly agreement_id: string;
  readonly period_end: string;
  /**
   * `closed`: a new statement; `unchanged`: closed before (another instance, a retry);
   * `refused`: a rejection `code` (e.g. closed by hand at a later period_end); `failed`: `error`.
   */
  readonly outcome: 'closed' | 'unchanged' | 'refused' | 'failed';
  readonly statement_id?: string;
  readonly invoices?: number;
  readonly code?: string;
  readonly error?: string;
}

/**
 * The opt-in monthly close (`LEDGER_SCHEDULED_CLOSE=monthly`): at start and then every
 * `interval_ms`, closes every agreement's periods that have ended (month ends, midnight UTC of
 * the 1st; several after a downtime, oldest first) by dispatching the same CloseSettlementPeriodCommand as
 * `POST /v1/agreements/{id}/statements`. Idempotent and safe with several instances: the close
 * answers "unchanged" for a closed period and the store's expected revision decides a race.
 * One JSON log line per close that did something, was refused or failed.
 */
@Injectable()
export class ScheduledClose implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly commands: CommandBus,
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly db: DatabaseSync,
    private readonly logger: JsonLogger,
    @Inject(SCHEDULED_CLOSE_CONFIG) private readonly config: ScheduledCloseConfig,
    @Inject(SCHEDULER_CLOCK) private readonly clock: SchedulerClock,
  ) {
    this.task = new PeriodicTask('scheduled close', () => this.tick(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.mode === 'off') return;
    this.task.start(this.config.interval_ms, { immediately: true });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Closes every ended month of every agreement not closed yet, as seen at `now`. */
  async tick(now: string = this.clock.now()): Promise<ScheduledCloseOutcome[]> {
    const head = await this.store.headPosition();
    const caught_up = await this.runner.waitForPosition(head, READ_AFTER_WRITE_TIMEOUT_MS, [
      DOCUMENTS_PROJECTION,
      AGREEMENT_RELATIONS_PROJECTION,
      EXCEPTIONS_PROJECTION,
    ]);
    // A close must see every entry of its period: with the read models behind, wait a tick.
    if (!caught_up) {
      this.logger.event('warn', 'scheduled close skipped: read models behind', { now });
      return [];
    }
    const outcomes: ScheduledCloseOutcome[] = [];
    for (const agreement_id of this.agreementIds()) {
      for (const period_end of await this.periodEndsOf(agreement_id, now)) {
        const outcome = await this.closeOne(agreement_id, period_end, now);
        outcomes.push(outcome);
        if (outcome.outcome !== 'unchanged') {
          const level = outcome.outcome === 'failed' ? 'error' : 'info';
          this.logger.event(level, 'scheduled close', { ...outcome });
        }
        // Periods close in order: after a refusal the later ones would be refused too.
        if (outcome.outcome === 'refused' || outcome.outcome === 'failed') break;
      }
    }
    return outcomes;
  }

  /** The month ends the agreement has not closed yet (its statements stream decides). */
  private async periodEndsOf(agreement_id: string, now: string): Promise<string[]> {
    const agreement = await loadAgreement(this.store, agreement_id);
    if (agreement === null) return [];
    const { state } = await loadStatements(this.store, statementStreamName(agreement_id));
    const last_period_end = state.closed.at(-1)?.period_end ?? null;
    return periodEndsToClose(last_period_end, agreement.since, now);
  }

  private async closeOne(
    agreement_id: string,
    period_end: string,
    now: string,
  ): Promise<ScheduledCloseOutcome> {
    const context = {
      correlation_id: eventIdFor('scheduled-close', agreement_id, period_end, now),
      principal: 'scheduler',
      received_at: now,
    };
    try {
      const result = await this.commands.execute(
        new CloseSettlementPeriodCommand(agreement_id, period_end, context),
      );
      return {
        agreement_id,
        period_end,
        outcome: result.created ? 'closed' : 'unchanged',
        statement_id: result.statement.statement_id,
        invoices: result.invoices.length,
      };
    } catch (error) {
      if (DomainRejection.is(error)) {
        return { agreement_id, period_end, outcome: 'refused', code: error.code };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { agreement_id, period_end, outcome: 'failed', error: message };
    }
  }

  private agreementIds(): string[] {
    const rows = this.db
      .prepare('SELECT agreement_id FROM relation_agreements ORDER BY agreement_id LIMIT ?')
      .all(AGREEMENTS_PER_TICK_MAX) as { agreement_id: string }[];
    return rows.map((row) => row.agreement_id);
  }
}
