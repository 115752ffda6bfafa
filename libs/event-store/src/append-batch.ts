/**
 * What every adapter does with an append before it reaches its store: the same input rules, the
 * same canonical encoding (done once; the hash chain and the idempotency check both read it),
 * and the same reading of an expected revision.
 */
import { canonicalJson } from './canonical-json.js';
import { isJsonObject } from './stored-event-checks.js';
import {
  ANY,
  EVENT_BYTES_MAX,
  EventIdConflict,
  EventTooLarge,
  NO_STREAM,
  STREAM_EXISTS,
  type ActualRevision,
  type ExpectedRevision,
  type NewEvent,
} from './event-store.port.js';

/** One append is one write; a batch beyond this is a caller bug, not a workload. */
const APPEND_EVENTS_MAX = 10_000;

/** An event with its data and metadata already in canonical JSON. */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data_json: string;
  readonly metadata_json: string;
}

/** Which event ids a store accepts, and the error text for one it does not. */
export interface EventIdRule {
  readonly accepts: (id: string) => boolean;
  readonly rejection: string;
}

const NON_EMPTY_EVENT_ID: EventIdRule = {
  accepts: (id) => id.length > 0,
  rejection: 'append: every event needs a non-empty id',
};

/** Checks the batch (throwing RangeError, or EventIdConflict for an id twice in it) and encodes
 * each event. */
export function encodeBatch(
  stream: string,
  events: readonly NewEvent[],
  id_rule: EventIdRule = NON_EMPTY_EVENT_ID,
): EncodedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new RangeError('append: the stream name must be a non-empty string');
  }
  if (events.length === 0 || events.length > APPEND_EVENTS_MAX) {
    throw new RangeError(`append: between 1 and ${APPEND_EVENTS_MAX} events, not ${events.length}`);
  }
  const ids = new Set<string>();
  return events.map((event) => {
    if (typeof event.id !== 'string' || !id_rule.accepts(event.id)) {
      throw new RangeError(id_rule.rejection);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new RangeError(`append: event ${event.id} needs a non-empty type`);
    }
    // Read back, anything but an object is damage (stored-event-checks.ts): never write one.
    if (!isJsonObject(event.data)) {
      throw new RangeError(`append: event ${event.id} data must be a JSON object`);
    }
    if (ids.has(event.id)) throw new EventIdConflict(stream, event.id);
    ids.add(event.id);
    const encoded = {
      id: event.id,
      type: event.type,
      data_json: canonicalJson(event.data),
      metadata_json: canonicalJson(event.metadata),
    };
    assertEventWithinBound(stream, encoded);
    return encoded;
  });
}

/**
 * The one size check of every adapter's append (EVENT_BYTES_MAX), on the canonical JSON both
 * adapters store: throws EventTooLarge, so the whole append is refused before any write.
 */
export function assertEventWithinBound(stream: string, event: EncodedEvent): void {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: count the bytes only when the cheap
  // length could exceed the bound.
  const chars = event.data_json.length + event.metadata_json.length;
  if (chars * 3 <= EVENT_BYTES_MAX) return;
  const bytes =
    Buffer.byteLength(event.data_json, 'utf8') + Buffer.byteLength(event.metadata_json, 'utf8');
  if (bytes > EVENT_BYTES_MAX) {
    throw new EventTooLarge(stream, event.id, event.type, bytes);
  }
}

export function expectationHolds(expected: ExpectedRevision, actual: ActualRevision): boolean {
  if (expected === ANY) return true;
  if (expected === NO_STREAM) return actual === NO_STREAM;
  if (expected === STREAM_EXISTS) return actual !== NO_STREAM;
  return actual === expected;
}

/** Whether appending under `expected` could have put the first event of a batch at `revision`
 * (the test for a retried append found already stored). */
export function expectationHeldAt(expected: ExpectedRevision, revision: bigint): boolean {
  return expectationHolds(expected, revision === 0n ? NO_STREAM : revision - 1n);
}
