import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import {
  EventIdConflict,
  NO_STREAM,
  WrongExpectedVersion,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  eventIdFor,
  rememberCanonicalJson,
} from '#event-store';
import { canonicalJson, rememberedCanonicalJson, type JsonObject } from '#ocpi';
import { schemaVersionOf } from '#event-schemas';

/** A decider as the libs export it: pure decide / evolve over typed events. */
export interface Decider<TCommand, TEvent extends DomainEvent, TState> {
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Who asked, and why: recorded in every event's metadata. */
export interface RequestContext {
  readonly correlation_id: string;
  readonly principal: string;
  /** When the request arrived (ISO-8601 UTC). */
  readonly received_at: string;
  /**
   * What directly caused the decision (README "Event metadata"): the request's `X-Request-ID`,
   * or the id of the event the decision follows from. Absent: the correlation id (a scheduler
   * run or a CLI command is its own cause).
   */
  readonly causation_id?: string;
}

/** The same context, for a decision that follows from the event `event_id`. */
export function causedBy(context: RequestContext, event_id: string): RequestContext {
  return { ...context, causation_id: event_id };
}

export interface Loaded<TState> {
  readonly state: TState;
  readonly revision: ExpectedRevision;
}

/** Upper bound on events folded from one stream (a stream is one business object). */
const STREAM_EVENTS_MAX = 100_000;
/** Upper bound on optimistic-concurrency retries of one command. */
const APPEND_ATTEMPTS_MAX = 8;

export async function loadStream<TEvent extends DomainEvent, TState>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<unknown, TEvent, TState>, 'evolve' | 'initialState'>,
): Promise<Loaded<TState>> {
  let state = decider.initialState();
  let revision: ExpectedRevision = NO_STREAM;
  let count = 0;
  for await (const recorded of store.readStream(stream, { max_count: STREAM_EVENTS_MAX })) {
    // A stream's revisions are contiguous from 0: anything else is a corrupt read.
    assert.equal(recorded.revision, BigInt(count), `stream ${stream}: revision out of order`);
    state = decider.evolve(state, { type: recorded.type, data: recorded.data } as TEvent);
    revision = recorded.revision;
    count += 1;
  }
  if (count >= STREAM_EVENTS_MAX) throw new Error(`stream ${stream} exceeds ${STREAM_EVENTS_MAX}`);
  return { state, revision };
}

export interface CommandOutcome<TEvent, TState> {
  /** The events appended by this command; empty when it changed nothing (a retry). */
  readonly events: readonly TEvent[];
  readonly state: TState;
}

/** Thrown when concurrent writers kept winning the race for longer than the retry bound. */
export class ConcurrencyExhausted extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} kept changing under concurrent writes`);
    this.name = 'ConcurrencyExhausted';
  }
}

/**
 * Load -> fold -> decide -> append with the expected revision. Event ids derive from the stream,
 * the revision the decision was made at and the event's content, so the same decision made
 * twice (a retried or concurrent delivery) is the same append and the store's idempotency turns
 * the second into a no-op; a lost race is retried on the new state, where the decider sees the
 * duplicate and decides nothing.
 */
export async function runCommand<TCommand, TEvent extends DomainEvent, TState>(args: {
  readonly store: EventStore;
  readonly stream: string;
  readonly decider: Decider<TCommand, TEvent, TState>;
  readonly command: TCommand;
  readonly context: RequestContext;
  /** Business time of the fact (e.g. the OCPI object's `last_updated`). */
  readonly occurred_at: string;
}): Promise<CommandOutcome<TEvent, TState>> {
  const { store, stream, decider, command, context } = args;
  return retryOnConflict(stream, async () => {
    const { state, revision } = await loadStream(store, stream, decider);
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state };
    const new_events = toNewEvents(stream, revision, events, context, args.occurred_at);
    await store.append(stream, new_events, revision);
    return { events, state: events.reduce(decider.evolve, state) };
  });
}

/** Longest pause between two attempts after a lost race (jittered, growing with the attempt). */
const CONFLICT_BACKOFF_MS_MAX = 50;

/**
 * The one load-decide-append retry of the ledger: runs `attempt` (which reads the streams it
 * needs, decides and appends at the revisions it read) until it completes without losing an
 * optimistic-concurrency race (WrongExpectedVersion / EventIdConflict from any of its appends),
 * at most `attempts_max` times, with a jittered pause between tries so racing writers spread
 * out; then ConcurrencyExhausted (503 + Retry-After). Any other error ends it at once. A retry
 * re-reads the new state, where the winner's events make the decision a no-op or a rejection.
 */
export async function retryOnConflict<T>(
  stream: string,
  attempt: (attempt: number) => Promise<T>,
  attempts_max = APPEND_ATTEMPTS_MAX,
): Promise<T> {
  assert.ok(attempts_max >= 1 && attempts_max <= 64, 'attempts_max out of bounds');
  for (let n = 1; n <= attempts_max; n += 1) {
    if (n > 1) await conflictBackoff(n);
    try {
      return await attempt(n);
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
    }
  }
  throw new ConcurrencyExhausted(stream);
}

function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(CONFLICT_BACKOFF_MS_MAX, 2 ** (attempt - 2));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The events of one decision, with ids derived from stream, revision and content. The first
 * names the decision's cause (the context's causation id, else its correlation id); each later
 * one names the first, the fact it follows from (a CdrPosted its CdrReceived).
 */
export function toNewEvents(
  stream: string,
  revision: ExpectedRevision,
  events: readonly DomainEvent[],
  context: RequestContext,
  occurred_at: string,
): NewEvent[] {
  const new_events: NewEvent[] = [];
  let cause = context.causation_id ?? context.correlation_id;
  for (const [index, event] of events.entries()) {
    const new_event = toNewEvent(stream, revision, index, event, context, occurred_at, cause);
    if (index === 0) cause = new_event.id;
    new_events.push(new_event);
  }
  return new_events;
}

/** True for the errors a lost optimistic-concurrency race produces: retry on fresh state. */
function isConcurrencyConflict(error: unknown): boolean {
  return error instanceof WrongExpectedVersion || error instanceof EventIdConflict;
}

function toNewEvent(
  stream: string,
  revision: ExpectedRevision,
  index: number,
  event: DomainEvent,
  context: RequestContext,
  occurred_at: string,
  causation_id: string,
): NewEvent {
  const content_sha256 = contentSha256(event);
  return {
    id: eventIdFor(stream, String(revision), String(index), content_sha256),
    type: event.type,
    data: event.data,
    metadata: {
      schema_version: schemaVersionOf(event.type),
      occurred_at,
      correlation_id: context.correlation_id,
      causation_id,
      principal: context.principal,
    },
  };
}

/**
 * SHA-256 (hex) of the event's canonical JSON, the content part of its id. An event made of its
 * type and a data object, as deciders make them, is `{"data":<data>,"type":<type>}` (keys
 * sorted); the data's text is written once here and kept for the store, whose encoding of the
 * same data object then reuses it instead of writing it again (a CdrReceived is several KB).
 */
export function contentSha256(event: DomainEvent): string {
  const { data } = event;
  const plain =
    typeof data === 'object' && data !== null && !Array.isArray(data) && !(data instanceof Date);
  if (!plain || Object.keys(event).length !== 2 || typeof event.type !== 'string') {
    // One-shot hashing: the same digest as a Hash object, without creating one per event.
    return hash('sha256', canonicalJson(event), 'hex');
  }
  const data_json = rememberedCanonicalJson(data as JsonObject);
  rememberCanonicalJson(data, data_json);
  return hash('sha256', `{"data":${data_json},"type":${canonicalJson(event.type)}}`, 'hex');
}
