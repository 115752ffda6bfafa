import {
  HttpException,
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '#projections';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from './projections.providers.js';

/** How long a query waits for the read models to catch up with the log before a 503. */
export const READ_AFTER_WRITE_TIMEOUT_MS = 2000;
/** What a 503 tells the client to wait before retrying. */
const RETRY_AFTER_S = 1;

/** The read models are behind the log: 503 with Retry-After, never stale data. */
export class ReadModelsBehind extends HttpException {
  constructor() {
    super(
      {
        error: 'read_models_behind',
        message: 'the read models have not caught up with the log yet; retry shortly',
      },
      503,
    );
  }
}

/**
 * Read-after-write: a query first takes the log's head position and waits (bounded) until the
 * projections have applied it, so it reflects every write acknowledged before it arrived.
 */
@Injectable()
export class ReadAfterWrite implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly db: DatabaseSync,
    private readonly runner: ProjectionRunner,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The extra workers of LEDGER_WORKERS read the models the first worker keeps up to date.
    if (this.config.follow_log !== false) this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    if (this.db.isOpen) this.db.close();
  }

  /** Resolves when the named projections reflect the head; else sets Retry-After and throws. */
  async awaitHead(response: Response, projections?: readonly string[]): Promise<void> {
    const head = await this.store.headPosition();
    const reached = await this.runner.waitForPosition(
      head,
      READ_AFTER_WRITE_TIMEOUT_MS,
      projections,
    );
    if (!reached) {
      response.setHeader('Retry-After', String(RETRY_AFTER_S));
      throw new ReadModelsBehind();
    }
  }
}
