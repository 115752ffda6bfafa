import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  type EventStore,
  createEventStore,
  migrateStreamAliases,
  withStreamAliases,
  withUpcasting,
} from '#event-store';
import { ciStreamName } from '#ocpi';
import { LEDGER_UPCASTERS } from '#event-schemas';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { JsonLogger } from './json-logger.js';
import { LedgerMetrics } from '../metrics/ledger-metrics.js';
import { withAppendMetrics } from '../metrics/metered-event-store.js';

/** Injection token of the one EventStore of the process. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The store client is created once, here, and closed when the application shuts down. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [API_CONFIG, JsonLogger, LedgerMetrics],
  useFactory: async (
    config: ApiConfig,
    logger: JsonLogger,
    metrics: LedgerMetrics,
  ): Promise<EventStore> => {
    const connection = config.event_store === 'sqlite' ? undefined : config.event_store;
    const store = await createEventStore({
      connection,
      data_dir: config.data_dir,
      ...(config.queued_appends_max === undefined
        ? {}
        : { queued_appends_max: config.queued_appends_max }),
    });
    // Every append is timed and what it records counted (GET /metrics), whoever the writer is;
    // every reader gets each event in its current schema version (libs/event-schemas). The
    // metering sits under the upcasting so `storedForm` (audit reads) still finds the log.
    const metered = withAppendMetrics(await withCiStreamAliases(store, logger), metrics);
    return withUpcasting(metered, LEDGER_UPCASTERS);
  },
};

/**
 * Streams of OCPI objects are named by their CiString-folded ids (libs/ocpi/src/ci-string.ts).
 * Streams written before that rule, under an id with lower-case letters, are found once and
 * recorded (libs/event-store/src/stream-aliases.ts), then read and appended through their
 * canonical name, so nothing received before the change can be received twice after it.
 */
export const CI_STREAM_PREFIXES = ['cdr-', 'location-', 'session-', 'tariff-'] as const;

export async function withCiStreamAliases(
  store: EventStore,
  logger: { event(level: 'info' | 'warn', msg: string, fields: Record<string, unknown>): void },
): Promise<EventStore> {
  const migration = await migrateStreamAliases(store, {
    canonical: (stream) => ciStreamName(stream, CI_STREAM_PREFIXES),
    principal: 'system:migration',
    now: () => new Date().toISOString(),
    progress: (events_scanned) =>
      logger.event('info', 'stream alias migration: scanning the log', { events_scanned }),
  });
  if (migration.migrated || migration.aliases.size > 0) {
    logger.event('info', 'stream aliases in force', {
      aliases: migration.aliases.size,
      duplicates: migration.duplicates.length,
    });
  }
  for (const duplicate of migration.duplicates) {
    // Received twice under ids that differ only in case, before the rule existed: settle by a
    // credit or a dispute; the ledger does not guess which one should stand.
    logger.event('warn', 'stream received twice under one CiString id', { ...duplicate });
  }
  return withStreamAliases(store, migration.aliases);
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
