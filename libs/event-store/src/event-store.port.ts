/**
 * The event store port. Semantics follow EventStoreDB / KurrentDB so that the embedded
 * (node:sqlite) and production (KurrentDB) adapters behave identically; one contract suite
 * (libs/event-store/src/test-support/event-store.contract.ts) runs against every adapter.
 */

/** Expected state of a stream for an optimistic-concurrency append. */
export const ANY = 'any' as const;
export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export type ExpectedRevision = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | bigint;

/** What a stream actually is when an expectation fails: its last revision, or no stream. */
export type ActualRevision = typeof NO_STREAM | bigint;

/** Envelope metadata carried by every event (DESIGN.md "The event store port"). */
export interface EventMetadata {
  /** Version of the event's data schema, so upcasters can evolve old events. */
  readonly schema_version: number;
  /** Business time: when the fact happened in the world (ISO-8601 with offset). */
  readonly occurred_at: string;
  /** Ties together every event caused by one external request. */
  readonly correlation_id: string;
  /** The event or command id that directly caused this event; null for external input. */
  readonly causation_id: string | null;
  /** Who acted: `admin`, `partner:DE/ABC`, `system:projector` ... */
  readonly principal: string;
}

/** An event to append. `id` is a UUID, derived from a business key where one exists. */
export interface NewEvent<TData = unknown> {
  readonly id: string;
  readonly type: string;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** An event as read back from the store. */
export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  readonly stream: string;
  /** 0-based position of the event within its stream. */
  readonly revision: bigint;
  /** Global, increasing (not necessarily contiguous) position in the whole log. */
  readonly position: bigint;
  /** Append time, set by the store (ISO-8601 UTC). */
  readonly recorded_at: string;
  /** SHA-256 (hex) over the previous event's hash in the same stream and this event's
   * canonical bytes; the first event of a stream chains from 64 zeros. */
  readonly hash: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly next_expected_revision: bigint;
  /** Global position of the last appended event. */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive start revision; default: the start (forwards) or the end (backwards). */
  readonly from_revision?: bigint;
  /** Upper bound on events returned; default unbounded (the iterable streams). */
  readonly max_count?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the very start. */
  readonly after_position?: bigint;
  /** Upper bound on events returned (counted after the `event_types` filter). */
  readonly max_count?: number;
  /**
   * Only events of these exact types (default: every event). Adapters filter where the events
   * live (SQL, the server), so the events left out are never transferred nor decoded.
   */
  readonly event_types?: readonly string[];
}

export interface SubscriptionFilter {
  /** Deliver only events whose stream name starts with one of these prefixes. */
  readonly stream_prefixes?: readonly string[];
  /** Deliver only events of these types. */
  readonly event_types?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive start position; default: from the very start of the log. */
  readonly after_position?: bigint;
  readonly filter?: SubscriptionFilter;
}

/**
 * Where a stored event lies whose payload or metadata can no longer be decoded (not JSON, not a
 * JSON object, no hash ...), and why. Damaged versus foreign, for a log shared with other
 * applications (README "Foreign and damaged events"): an event carrying the ledger's envelope
 * marks (metadata with a hash and a correlation id) that does not decode is damaged; an event
 * without them is damaged in a stream read by name or holding ledger events, and foreign (skipped
 * and counted by the $all readers, never an error) anywhere else. Only the store-assigned fields, which the adapter reads
 * outside the damaged text, are given.
 */
export interface EventDamage {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly reason: string;
}

/** One entry of an audit read of the log: an event, or a damaged event it could not decode. */
export type LogEntry =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'damaged'; readonly damage: EventDamage };

/** Catch-up then live subscription; iterate it, and close it when done. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends events atomically. Idempotent: re-appending the same event ids (same content) at
   * the same expected revision returns the original result and writes nothing; an event id that
   * exists with other content throws EventIdConflict. Expectation mismatch throws
   * WrongExpectedVersion. Resolves only when the events are durable.
   */
  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /**
   * Reads one stream; a missing stream yields no events. A stream read by name is the ledger's:
   * any event in it that does not decode as ours (damaged, or written by another application)
   * throws DamagedEvent.
   */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /**
   * Reads the whole log in global order, streaming. Strict: a damaged event throws DamagedEvent,
   * so no reader (a projection, a handler) ever silently skips one. Foreign events (another
   * application's, in a shared log) are skipped and counted.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same read for auditors (`ledger verify`): a damaged event is yielded as such, with its
   * stream, revision, position and the reason, and the read goes on with the rest of the log.
   * An event without the envelope in a stream that holds ledger events is damage here too;
   * foreign events are skipped as in readAll.
   */
  readAllForAudit(options?: ReadAllOptions): AsyncIterable<LogEntry>;
  /** Catch-up then live; strict like readAll (DamagedEvent ends it; foreign events skipped). */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /**
   * Position of the last event of ours in the log, damaged or not (0n when empty): read-after-write
   * waits for it. Foreign events after it do not count.
   */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/** Base of every event store error, so adapters and callers can tell them apart. */
export class EventStoreError extends Error {}

export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(
      `wrong expected version on stream '${stream}': expected ${String(expected)}, ` +
        `actual ${String(actual)}`,
    );
    this.name = 'WrongExpectedVersion';
  }
}

export class EventIdConflict extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly event_id: string,
  ) {
    super(`event ${event_id} already exists on stream '${stream}' with other content`);
    this.name = 'EventIdConflict';
  }
}

/** A stored event that can no longer be decoded, met by a strict read (readStream, readAll, a
 * subscription): reading stops there rather than skip or misread it. */
export class DamagedEvent extends EventStoreError {
  constructor(readonly damage: EventDamage) {
    super(
      `damaged event at revision ${damage.revision} of stream '${damage.stream}' ` +
        `(position ${damage.position}): ${damage.reason}`,
    );
    this.name = 'DamagedEvent';
  }
}

/**
 * The largest event (data + metadata, canonical JSON, UTF-8 bytes) any adapter accepts: well
 * under the 1 MiB a KurrentDB server takes as one record by default (its `MaxAppendSize`), so a
 * log written on the embedded store can always move to KurrentDB. Events that could grow with
 * a workload (a statement's lines, an invoice's CDRs) are split into pages below this.
 */
export const EVENT_BYTES_MAX = 512 * 1024;

/** An event above EVENT_BYTES_MAX: refused before anything of its append was written. */
export class EventTooLarge extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly event_id: string,
    readonly event_type: string,
    readonly bytes: number,
    readonly bytes_max: number = EVENT_BYTES_MAX,
  ) {
    super(
      `event ${event_id} (${event_type}) on stream '${stream}' is ${bytes} bytes of data and ` +
        `metadata; the limit is ${bytes_max}: nothing was written`,
    );
    this.name = 'EventTooLarge';
  }
}

/**
 * Too many appends wait for the store already (the bound of its queue): nothing of this append
 * was written; the caller should retry after `retry_after_s` (HTTP 503 with Retry-After).
 */
export class EventStoreOverloaded extends EventStoreError {
  constructor(
    readonly queued_appends_max: number,
    readonly retry_after_s: number = 1,
  ) {
    super(`${queued_appends_max} appends already wait for the event store; retry shortly`);
    this.name = 'EventStoreOverloaded';
  }
}

/**
 * The store could not be reached or did not answer in time. Names the host (never credentials);
 * whether a write that timed out landed is unknown, so callers retry it with the same event ids
 * and the same expectation, which the idempotent append turns into the original result.
 */
export class EventStoreUnavailable extends EventStoreError {
  constructor(
    readonly host: string,
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`event store at ${host}: ${operation} failed: ${reason}`);
    this.name = 'EventStoreUnavailable';
  }
}
