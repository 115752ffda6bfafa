import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';

export interface EventStoreConfig {
  /** `sqlite` (or unset) for the embedded store; `kurrentdb://...` / `esdb://...` for a server. */
  readonly connection: string | undefined;
  /** Where the embedded store keeps `events.sqlite`. */
  readonly data_dir: string;
  /** The embedded store's bound of appends waiting for a group commit (its default if unset). */
  readonly queued_appends_max?: number;
}

export const SQLITE_FILE_NAME = 'events.sqlite';

/** Picks the adapter from configuration; the KurrentDB client is loaded only when used. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  const connection = config.connection?.trim();
  if (connection === undefined || connection === '' || connection === 'sqlite') {
    mkdirSync(config.data_dir, { recursive: true });
    return openSqliteEventStore({
      path: join(config.data_dir, SQLITE_FILE_NAME),
      ...(config.queued_appends_max === undefined
        ? {}
        : { queued_appends_max: config.queued_appends_max }),
    });
  }
  if (/^(kurrentdb|kdb|esdb)(\+discover)?:\/\//.test(connection)) {
    const module = (await import('./kurrentdb/kurrentdb-event-store.js')) as {
      createKurrentDbEventStore: (connection_string: string) => EventStore | Promise<EventStore>;
    };
    return module.createKurrentDbEventStore(connection);
  }
  // Never echo the connection string: it may carry credentials.
  throw new RangeError(
    'unsupported event store connection: expected sqlite, kurrentdb://... or esdb://...',
  );
}
