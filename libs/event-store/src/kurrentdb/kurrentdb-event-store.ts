/**
 * The production EventStore adapter: KurrentDB (EventStoreDB) through the official client.
 * Revisions and positions stay bigint end to end; `position` is the server's commit position.
 * The log may be shared with other applications: their events are skipped and counted, while an
 * event of ours that no longer decodes is damage (README "Foreign and damaged events").
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
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';

import {
  DamagedEvent,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type LogEntry,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { isSystemEvent, toRecordedEvent } from './event-mapping.js';
import { KurrentDbAppender } from './kurrentdb-append.js';
import {
  DEFAULT_SETTINGS,
  type KurrentDbContext,
  type KurrentDbSettings,
} from './kurrentdb-context.js';
import { acrossLeaderChanges, hostsOf, toPortError, withStepDeadline } from './kurrentdb-errors.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';
import { LedgerStreams } from './ledger-streams.js';

const CONNECTION_PATTERN = /^(kurrentdb|kdb|esdb)(\+discover)?:\/\//;
/** headPosition reads $all backwards in pages of this many events until one is ours. */
const HEAD_PAGE_EVENTS = 100;
/** ... and gives up (0n would make read-after-write wait for nothing) after this many. */
const HEAD_SCAN_EVENTS_MAX = 100_000;

/**
 * Connects lazily (the client dials on first use), so this resolves without a round trip; the
 * connection string is never echoed because it may carry credentials.
 */
export async function createKurrentDbEventStore(
  connectionString: string,
  settings: Partial<KurrentDbSettings> = {},
): Promise<KurrentDbEventStore> {
  if (!CONNECTION_PATTERN.test(connectionString)) {
    throw new RangeError('KurrentDB connection string must start with kurrentdb:// or esdb://');
  }
  const client = KurrentDBClient.connectionString(connectionString);
  return new KurrentDbEventStore({
    client,
    host: hostsOf(connectionString),
    settings: { ...DEFAULT_SETTINGS, ...deadlineOf(connectionString), ...settings },
  });
}

/** The connection string's `defaultDeadline` (ms) bounds the adapter's calls as the client's. */
function deadlineOf(connectionString: string): Partial<KurrentDbSettings> {
  const match = /[?&]defaultDeadline=(\d+)/i.exec(connectionString);
  const deadline_ms = match === null ? 0 : Number(match[1]);
  return deadline_ms > 0 ? { call_timeout_ms: deadline_ms } : {};
}

/** What the adapter saw that is worth watching in production. */
export interface KurrentDbStatistics {
  /** Events of other applications in $all (in streams holding no ledger event) readers skipped. */
  readonly foreign_events_skipped: number;
}

export class KurrentDbEventStore implements EventStore {
  private readonly appender: KurrentDbAppender;
  private foreign_events_skipped = 0;

  constructor(private readonly context: KurrentDbContext) {
    this.appender = new KurrentDbAppender(context);
  }

  get statistics(): KurrentDbStatistics {
    return { foreign_events_skipped: this.foreign_events_skipped };
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.appender.append(stream, events, expected);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const direction = options.direction ?? 'forwards';
    if (options.max_count !== undefined && options.max_count <= 0) return;
    const events = () =>
      this.context.client.readStream(stream, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: options.from_revision ?? (direction === 'forwards' ? START : END),
        ...(options.max_count === undefined ? {} : { maxCount: options.max_count }),
      });
    try {
      // A stream read by name is the ledger's: an event in it that is not ours, or does not
      // decode, throws DamagedEvent.
      for await (const resolved of this.read(events)) {
        const event = resolved.event;
        if (event !== undefined && !isSystemEvent(event)) yield toRecordedEvent(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw toPortError(error, this.context.host, `read of '${stream}'`);
    }
  }

  /** Strict: a damaged event of ours throws DamagedEvent; foreign events are skipped, counted. */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    for await (const entry of this.readAllEntries(options)) {
      if (entry.kind === 'damaged') throw new DamagedEvent(entry.damage);
      yield entry.event;
    }
  }

  /** The auditor's read: a damaged event of ours is reported where it lies; foreign are skipped. */
  readAllForAudit(options: ReadAllOptions = {}): AsyncIterable<LogEntry> {
    return this.readAllEntries(options);
  }

  /** Our entries of $all after the position, in pages; foreign events skipped and counted. */
  private async *readAllEntries(options: ReadAllOptions): AsyncIterable<LogEntry> {
    if (options.max_count !== undefined && options.max_count <= 0) return;
    if (options.event_types?.length === 0) return;
    const types = options.event_types === undefined ? null : new Set(options.event_types);
    let after = options.after_position ?? 0n;
    let remaining = options.max_count ?? Number.POSITIVE_INFINITY;
    const streams = new LedgerStreams(this.context);
    try {
      // Pages: events left out here (system, foreign, our claims) count against the server's
      // maxCount, so a short page of ours is not the end of the log; a short page from the
      // server is. A read from a position includes the event there, so one more is asked for.
      for (;;) {
        const page_max = remaining === Number.POSITIVE_INFINITY ? undefined : remaining + 1;
        const events = () =>
          this.context.client.readAll({
            direction: FORWARDS,
            fromPosition: after === 0n ? START : { commit: after, prepare: after },
            filter: readAllFilter(options.event_types),
            ...(page_max === undefined ? {} : { maxCount: page_max }),
          });
        let received = 0;
        let next_after = after;
        for await (const resolved of this.read(events)) {
          received += 1;
          const position = resolved.event?.position?.commit;
          // The first event of a page can be the last one of the previous page.
          if (position !== undefined && position <= after) continue;
          if (position !== undefined && position > next_after) next_after = position;
          const event = resolved.event;
          if (event === undefined || isSystemEvent(event)) continue;
          if (types !== null && !types.has(event.type)) continue;
          const entry = await this.entryOf(streams, event);
          if (entry === undefined) continue;
          yield entry;
          remaining -= 1;
          if (remaining <= 0) return;
        }
        if (page_max === undefined || received < page_max || next_after === after) return;
        after = next_after;
      }
    } catch (error) {
      throw toPortError(error, this.context.host, 'read of $all');
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return new KurrentDbSubscription(this.context, options, () => {
      this.foreign_events_skipped += 1;
    });
  }

  /**
   * The position of our newest event, damaged or not (it is ours, and must not make
   * read-after-write wait for nothing); foreign events after it are paged over.
   */
  async headPosition(): Promise<bigint> {
    let from: typeof END | { commit: bigint; prepare: bigint } = END;
    const streams = new LedgerStreams(this.context);
    try {
      for (let scanned = 0; scanned < HEAD_SCAN_EVENTS_MAX;) {
        const events = () =>
          this.context.client.readAll({
            direction: BACKWARDS,
            fromPosition: from,
            filter: excludeSystemEvents(),
            maxCount: HEAD_PAGE_EVENTS,
          });
        let page = 0;
        for await (const resolved of this.read(events)) {
          page += 1;
          const event = resolved.event;
          if (event === undefined || isSystemEvent(event)) continue;
          const entry = await this.entryOf(streams, event);
          if (entry !== undefined) {
            return entry.kind === 'event' ? entry.event.position : entry.damage.position;
          }
          if (event.position !== undefined) from = event.position;
        }
        if (page < HEAD_PAGE_EVENTS) return 0n;
        scanned += page;
      }
    } catch (error) {
      throw toPortError(error, this.context.host, 'read of the head position');
    }
    throw new RangeError(`headPosition: none of the last ${HEAD_SCAN_EVENTS_MAX} events is ours`);
  }

  async close(): Promise<void> {
    await this.context.client.dispose();
  }

  /** A read with a deadline per step, opened again after a leader change before its first event. */
  private read(open: () => AsyncIterable<ResolvedEvent>): AsyncIterable<ResolvedEvent> {
    const { call_timeout_ms, leader_attempts_max } = this.context.settings;
    return acrossLeaderChanges(
      () => withStepDeadline(open(), call_timeout_ms),
      leader_attempts_max,
    );
  }

  /** Ours (an event or damage), or undefined for a foreign event, which is counted. */
  private async entryOf(
    streams: LedgerStreams,
    event: KurrentRecordedEvent,
  ): Promise<LogEntry | undefined> {
    const entry = await streams.entryOf(event);
    if (entry === undefined) this.foreign_events_skipped += 1;
    return entry;
  }
}

/**
 * The server-side filter of a read of $all: exact event types (an anchored alternation), else
 * every non-system event.
 */
function readAllFilter(event_types: readonly string[] | undefined) {
  if (event_types === undefined) return excludeSystemEvents();
  const alternatives = event_types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return eventTypeFilter({ regex: `^(?:${alternatives.join('|')})$` });
}
