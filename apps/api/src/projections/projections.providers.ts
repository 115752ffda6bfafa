import { type Provider } from '@nestjs/common';
import type { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '#event-store';
import { ALL_PROJECTIONS, ProjectionRunner, openReadModels, readModelsPath } from '#projections';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { JsonLogger } from '../infrastructure/json-logger.js';

/** Injection token of the read-model database (`<LEDGER_DATA_DIR>/read-models.sqlite`). */
export const READ_MODELS = Symbol('READ_MODELS');

export const readModelsProvider: Provider = {
  provide: READ_MODELS,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig): DatabaseSync => openReadModels(readModelsPath(config.data_dir)),
};

/** The one runner of the process: it follows the log into every projection. */
export const projectionRunnerProvider: Provider = {
  provide: ProjectionRunner,
  inject: [EVENT_STORE, READ_MODELS, JsonLogger, API_CONFIG],
  useFactory: (
    store: EventStore,
    db: DatabaseSync,
    logger: JsonLogger,
    config: ApiConfig,
  ): ProjectionRunner =>
    new ProjectionRunner(store, db, ALL_PROJECTIONS, {
      ...(config.read_waiters_max === undefined ? {} : { waiters_max: config.read_waiters_max }),
      on_error: (projection, error) =>
        logger.event('error', 'projection batch failed', {
          projection,
          error: error instanceof Error ? error.message : String(error),
        }),
    }),
};
