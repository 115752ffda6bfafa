import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import {
  EventStoreOverloaded,
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
import { encodeBatch } from '../append-batch.js';
import type { AppendOutcome, QueuedAppend } from './append-events.js';
import { toLogEntry, toRecordedEvent } from './event-row.js';
import { EventStatements, openEventsDatabase, type EventRow } from './sqlite-schema.js';
import { AppendSignal, SqliteSubscription } from './sqlite-subscription.js';
import { SqliteWriter } from './sqlite-writer.js';

export interface SqliteEventStoreOptions {
  /** The database file; production uses `<LEDGER_DATA_DIR>/events.sqlite`. */
  readonly path: string;
  /** Source of recorded_at; injectable so tests can pin time. */
  readonly clock?: () => Date;
  /** How often a live subscription re-reads the log to see other processes' appends. */
  readonly poll_interval_ms?: number;
  /** Rows per SELECT when streaming reads. */
  readonly page_events_max?: number;
  /** Appends waiting for a group commit at most; one more is refused (EventStoreOverloaded). */
  readonly queued_appends_max?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 50;
/** Appends committed together in one transaction at most (group commit). */
const GROUP_APPENDS_MAX = 256;
const DEFAULT_PAGE_EVENTS_MAX = 512;
/** Appends waiting at most: 16 full groups, far more than a served API has requests in flight. */
const DEFAULT_QUEUED_APPENDS_MAX = 16 * GROUP_APPENDS_MAX;
/** Decoded events kept for the live subscriptions (each projection has one): they read the same
 * fresh events, which are then fetched and parsed once instead of once per subscription. */
const RECENT_EVENTS_MAX = 2048;
/** SQLite's largest integer: "from the end" for a backwards read. */
const REVISION_MAX = 9_223_372_036_854_775_807n;

/** An append waiting for its group's commit. */
type WaitingAppend = QueuedAppend & {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
};

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

/** The embedded adapter: the whole log in one SQLite file, safe for several processes. */
export class SqliteEventStore implements EventStore {
  private readonly db: DatabaseSync;
  private readonly statements: EventStatements;
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly clock: () => Date;
  private readonly poll_interval_ms: number;
  private readonly page_events_max: number;
  private readonly queued_appends_max: number;
  private closed = false;
  /** Started by the first append: a store that is only read (audit, verify, rebuild) has none. */
  private writer: SqliteWriter | null = null;
  private readonly path: string;
  /** Appends waiting for the next group commit, in arrival order. */
  private queued: WaitingAppend[] = [];
  private flush_scheduled = false;
  /** The group the writer thread is committing, if any. */
  private in_flight: Promise<void> | null = null;
  /** A contiguous stretch of the log as subscriptions last read it: every event after
   * `recent_after` up to the last one held, decoded and frozen (shared by the subscriptions). */
  private recent: RecordedEvent[] = [];
  private recent_after = 0n;

  constructor(options: SqliteEventStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.poll_interval_ms = options.poll_interval_ms ?? DEFAULT_POLL_INTERVAL_MS;
    this.page_events_max = options.page_events_max ?? DEFAULT_PAGE_EVENTS_MAX;
    this.queued_appends_max = options.queued_appends_max ?? DEFAULT_QUEUED_APPENDS_MAX;
    assert.ok(this.poll_interval_ms > 0 && this.page_events_max > 0);
    assert.ok(this.queued_appends_max > 0);
    this.db = openEventsDatabase(options.path);
    this.statements = new EventStatements(this.db);
    this.path = options.path;
  }

  /**
   * Appends join a group that is committed on the next turn of the event loop: concurrent
   * callers (HTTP requests in flight) share one transaction and one fsync, while each append
   * keeps its own atomicity and expected-revision check. The writer thread (sqlite-writer.ts)
   * commits it, so the fsync does not hold up the event loop; while one group is written, the
   * next gathers. Resolves once the group is durable. The queue is bounded: beyond
   * `queued_appends_max` waiting appends, EventStoreOverloaded.
   */
  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    const encoded = encodeBatch(stream, events);
    if (this.queued.length >= this.queued_appends_max) {
      throw new EventStoreOverloaded(this.queued_appends_max);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queued.push({ stream, encoded, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flush_scheduled) return;
    this.flush_scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends the next group to the writer thread, unless one is being written already (then the
   * next group follows as soon as that one is settled). */
  private flush(): void {
    this.flush_scheduled = false;
    if (this.in_flight !== null || this.queued.length === 0) return;
    const group = this.queued.splice(0, GROUP_APPENDS_MAX);
    this.in_flight = this.commit(group).finally(() => {
      this.in_flight = null;
      this.flush();
    });
  }

  private async commit(group: readonly WaitingAppend[]): Promise<void> {
    const appends = group.map(({ stream, encoded, expected }) => ({ stream, encoded, expected }));
    let outcomes: AppendOutcome[];
    try {
      // A thread that died (its group failed, unknown whether committed: retries are
      // idempotent) is replaced, so one crash does not refuse every later append.
      if (this.writer?.failed === true) this.writer = null;
      this.writer ??= new SqliteWriter(this.path);
      outcomes = await this.writer.commit(appends, this.clock().toISOString());
    } catch (error) {
      outcomes = group.map(() => ({ ok: false, error }));
    }
    group.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.signal.notify();
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    let from_revision = options.from_revision ?? (backwards ? REVISION_MAX : 0n);
    let remaining = checkedMaxCount(options.max_count);
    while (remaining > 0 && from_revision >= 0n) {
      this.assertOpen();
      const limit = Math.min(remaining, this.page_events_max);
      const rows = statement.all(stream, from_revision, limit) as unknown as EventRow[];
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      const last_revision = rows[rows.length - 1]!.revision;
      from_revision = backwards ? last_revision - 1n : last_revision + 1n;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return this.readAllRows(options, toRecordedEvent);
  }

  readAllForAudit(options: ReadAllOptions = {}): AsyncIterable<LogEntry> {
    return this.readAllRows(options, toLogEntry);
  }

  /** Pages through the log by rowid; `decode` decides what a damaged row becomes. */
  private async *readAllRows<T>(
    options: ReadAllOptions,
    decode: (row: EventRow) => T,
  ): AsyncIterable<T> {
    let after_position = options.after_position ?? 0n;
    let remaining = checkedMaxCount(options.max_count);
    if (options.event_types?.length === 0) return;
    const types = options.event_types === undefined ? null : JSON.stringify(options.event_types);
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(remaining, this.page_events_max);
      const rows =
        types === null
          ? this.readRows(after_position, limit)
          : this.readRowsOfTypes(after_position, types, limit);
      for (const row of rows) yield decode(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after_position = rows[rows.length - 1]!.position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new SqliteSubscription(
      {
        read_page: (after_position, limit) => this.readPage(after_position, limit),
        signal: this.signal,
        poll_interval_ms: this.poll_interval_ms,
        page_events_max: this.page_events_max,
        on_close: (closed) => this.subscriptions.delete(closed),
      },
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    const row = this.statements.head.get() as { head: bigint };
    return row.head;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are written before the file closes (no new one is accepted, so
    // the queue only shrinks).
    while (this.in_flight !== null || this.queued.length > 0) {
      if (this.in_flight === null) this.flush();
      await this.in_flight;
    }
    await this.writer?.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  /** A subscription's page: from the recent stretch when it holds it, else read and decoded
   * (and remembered for the other subscriptions). */
  private readPage(after_position: bigint, limit: number): RecordedEvent[] {
    const cached = this.recentAfter(after_position, limit);
    if (cached.length === limit) return cached;
    const from = cached.length > 0 ? cached[cached.length - 1]!.position : after_position;
    const decoded = this.readRows(from, limit - cached.length).map((row) =>
      deepFreeze(toRecordedEvent(row)),
    );
    this.remember(from, decoded);
    return cached.length === 0 ? decoded : cached.concat(decoded);
  }

  private recentAfter(after_position: bigint, limit: number): RecordedEvent[] {
    const recent = this.recent;
    const last = recent[recent.length - 1];
    if (last === undefined || after_position < this.recent_after) return [];
    if (after_position >= last.position) return [];
    let low = 0;
    let high = recent.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (recent[middle]!.position > after_position) high = middle;
      else low = middle + 1;
    }
    return recent.slice(low, low + limit);
  }

  private remember(from: bigint, decoded: readonly RecordedEvent[]): void {
    const newest = decoded[decoded.length - 1];
    if (newest === undefined) return;
    const last = this.recent[this.recent.length - 1];
    if (last !== undefined && from === last.position) {
      this.recent.push(...decoded);
    } else if (last === undefined || newest.position > last.position) {
      // Another stretch (a subscription far behind the others does not evict the live one).
      this.recent = [...decoded];
      this.recent_after = from;
    }
    const excess = this.recent.length - RECENT_EVENTS_MAX;
    if (excess > 0) {
      this.recent_after = this.recent[excess - 1]!.position;
      this.recent = this.recent.slice(excess);
    }
  }

  private readRows(after_position: bigint, limit: number): EventRow[] {
    return this.statements.allAfter.all(after_position, limit) as unknown as EventRow[];
  }

  /** `types_json`: a JSON array of the event types wanted. */
  private readRowsOfTypes(after_position: bigint, types_json: string, limit: number) {
    return this.statements.allOfTypesAfter.all(
      after_position,
      types_json,
      limit,
    ) as unknown as EventRow[];
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function checkedMaxCount(max_count: number | undefined): number {
  if (max_count === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(max_count) || max_count < 0) {
    throw new RangeError(`max_count must be a non-negative integer, not ${max_count}`);
  }
  return max_count;
}

/** Shared between subscribers, a decoded event must not be changed by any of them. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
