/**
 * The production EventStore adapter: KurrentDB (EventStoreDB) through the official client.
 * Revisions and positions stay bigint end to end; `position` is the server's commit position.
 */
import {
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';

import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogEntry,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { appendChained } from './kurrentdb-append.js';
import { commitPosition, isSystemEvent, toLogEntry, toRecordedEvent } from './event-mapping.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

const CONNECTION_PATTERN = /^(kurrentdb|kdb|esdb)(\+discover)?:\/\//;

/**
 * Connects lazily (the client dials on first use), so this resolves without a round trip; the
 * connection string is never echoed because it may carry credentials.
 */
export async function createKurrentDbEventStore(connectionString: string): Promise<EventStore> {
  if (!CONNECTION_PATTERN.test(connectionString)) {
    throw new RangeError('KurrentDB connection string must start with kurrentdb:// or esdb://');
  }
  return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
}

export class KurrentDbEventStore implements EventStore {
  constructor(private readonly client: KurrentDBClient) {}

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return appendChained(this.client, stream, events, expected);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const direction = options.direction ?? 'forwards';
    if (options.max_count !== undefined && options.max_count <= 0) return;
    const events = this.client.readStream(stream, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: options.from_revision ?? (direction === 'forwards' ? START : END),
      ...(options.max_count === undefined ? {} : { maxCount: options.max_count }),
    });
    try {
      for await (const resolved of events) {
        if (resolved.event !== undefined) yield toRecordedEvent(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    for await (const event of this.readAllStored(options)) yield toRecordedEvent(event);
  }

  async *readAllForAudit(options: ReadAllOptions = {}): AsyncIterable<LogEntry> {
    for await (const event of this.readAllStored(options)) yield toLogEntry(event);
  }

  /** Our events of $all after the position, not yet decoded (so a damaged one is still seen). */
  private async *readAllStored(options: ReadAllOptions): AsyncIterable<KurrentRecordedEvent> {
    const after = options.after_position ?? 0n;
    if (options.max_count !== undefined && options.max_count <= 0) return;
    if (options.event_types?.length === 0) return;
    // A read from a position includes the event there; one more is asked for and it is dropped.
    const events = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after === 0n ? START : { commit: after, prepare: after },
      filter: readAllFilter(options.event_types),
      ...(options.max_count === undefined ? {} : { maxCount: options.max_count + 1 }),
    });
    const types = options.event_types === undefined ? null : new Set(options.event_types);
    let yielded = 0;
    for await (const resolved of events) {
      const event = resolved.event;
      if (event === undefined || isSystemEvent(event)) continue;
      if (types !== null && !types.has(event.type)) continue;
      if (commitPosition(event) <= after) continue;
      yield event;
      yielded += 1;
      if (options.max_count !== undefined && yielded >= options.max_count) return;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return new KurrentDbSubscription(this.client, options);
  }

  async headPosition(): Promise<bigint> {
    const events = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      filter: excludeSystemEvents(),
      maxCount: 1,
    });
    for await (const resolved of events) {
      const event = resolved.event;
      if (event !== undefined && !isSystemEvent(event)) return commitPosition(event);
    }
    return 0n;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/**
 * The server-side filter of a read of $all: exact event types (an anchored alternation, so
 * `max_count` counts only events of these types), else every non-system event.
 */
function readAllFilter(event_types: readonly string[] | undefined) {
  if (event_types === undefined) return excludeSystemEvents();
  const alternatives = event_types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return eventTypeFilter({ regex: `^(?:${alternatives.join('|')})$` });
}
