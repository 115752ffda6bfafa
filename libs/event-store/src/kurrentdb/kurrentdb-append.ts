/**
 * Appending with the hash chain and idempotency on top of KurrentDB. The server checks the
 * expected stream state and recognises a re-append of the same event ids at the same revision,
 * but it neither chains hashes nor compares content, so the adapter first reads the stream's
 * tail: the last event gives the previous hash, and the tail's ids show a retried append
 * (answered with the original result) or an id reused for other content (EventIdConflict).
 */
import assert from 'node:assert/strict';

import {
  BACKWARDS,
  END,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';

import {
  EventIdConflict,
  WrongExpectedVersion,
  type ActualRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import { eventHash, GENESIS_HASH, sameEventContent } from '../hash-chain.js';
import { toEventData, toRecordedEvent } from './event-mapping.js';

/** How far back an append looks for its event ids (the server's own check is bounded too). */
export const ID_CHECK_WINDOW_EVENTS_MAX = 1_000;
/** One append is one write; a batch beyond this is a caller bug, not a workload. */
export const APPEND_EVENTS_MAX = 10_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Attempts for `any` / `stream_exists` appends that lose a race and re-read the tail. */
export const APPEND_ATTEMPTS_MAX = 10;
/** Upper bound of the random pause before a retry, per attempt so far, so racers spread out. */
const RETRY_JITTER_MS_MAX = 10;

export async function appendChained(
  client: KurrentDBClient,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  validateBatch(stream, events);
  for (let attempt = 1; ; attempt += 1) {
    const tail = await readTail(client, stream);
    const replay = replayedResult(stream, tail, events, expected);
    if (replay !== undefined) return replay;
    const last = tail[0];
    let previous_hash = last?.hash ?? GENESIS_HASH;
    const payload = events.map((event) => {
      previous_hash = eventHash(previous_hash, event);
      return toEventData(event, previous_hash);
    });
    try {
      const result = await client.appendToStream(stream, payload, {
        streamState: wireState(expected, last),
      });
      assert.ok(result.position !== undefined, `append to '${stream}' returned no position`);
      // The hashes were chained onto the event read as last; landing anywhere else would break
      // the chain, which the expected state sent above must make impossible.
      const chained_revision = (last?.revision ?? -1n) + BigInt(events.length);
      assert.equal(result.nextExpectedRevision, chained_revision, `chain broken on '${stream}'`);
      return {
        next_expected_revision: result.nextExpectedRevision,
        position: result.position.commit,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // `any` and `stream_exists` were pinned to the revision read above so the chain stays
      // linked; losing that race is not the caller's conflict, so read again (bounded).
      const pinned = expected === 'any' || (expected === 'stream_exists' && last !== undefined);
      if (!pinned || attempt >= APPEND_ATTEMPTS_MAX) {
        throw new WrongExpectedVersion(stream, expected, actualRevision(error));
      }
      await sleep(Math.random() * RETRY_JITTER_MS_MAX * attempt);
    }
  }
}

/** The same input rules as every adapter, plus the server's: event ids are UUIDs. */
function validateBatch(stream: string, events: readonly NewEvent[]): void {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new RangeError('append: the stream name must be a non-empty string');
  }
  if (events.length === 0 || events.length > APPEND_EVENTS_MAX) {
    throw new RangeError(`append: between 1 and ${APPEND_EVENTS_MAX} events, not ${events.length}`);
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !UUID_PATTERN.test(event.id)) {
      throw new RangeError('append: every event id must be a UUID');
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new RangeError(`append: event ${event.id} needs a non-empty type`);
    }
    if (ids.has(event.id)) throw new EventIdConflict(stream, event.id);
    ids.add(event.id);
  }
}

function sleep(duration_ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, duration_ms));
}

/** What goes on the wire as `streamState`: the caller's expectation, or the revision read. */
function wireState(expected: ExpectedRevision, last: RecordedEvent | undefined): AppendStreamState {
  if (expected === 'any') return last === undefined ? 'no_stream' : last.revision;
  if (expected === 'stream_exists' && last !== undefined) return last.revision;
  return expected;
}

function actualRevision(error: WrongExpectedVersionError): ActualRevision {
  const actual = error.actualState;
  return typeof actual === 'bigint' ? actual : 'no_stream';
}

/** The stream's newest events, newest first; a missing stream has none. */
async function readTail(client: KurrentDBClient, stream: string): Promise<RecordedEvent[]> {
  const tail: RecordedEvent[] = [];
  try {
    const events = client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: ID_CHECK_WINDOW_EVENTS_MAX,
    });
    for await (const resolved of events) {
      if (resolved.event !== undefined) tail.push(toRecordedEvent(resolved.event));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return tail;
}

/**
 * The original result when these events were already appended (same ids, same content, right
 * after the expected revision); throws when an id is taken by other content, or when the ids
 * were written at another place than this expectation allows.
 */
function replayedResult(
  stream: string,
  tail: readonly RecordedEvent[],
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): AppendResult | undefined {
  const byId = new Map(tail.map((event) => [event.id, event]));
  const found = events.map((event) => byId.get(event.id));
  found.forEach((original, index) => {
    const event = events[index]!;
    if (original !== undefined && !sameEventContent(original, event)) {
      throw new EventIdConflict(stream, event.id);
    }
  });
  if (found.every((original) => original === undefined)) return undefined;
  const first = found[0];
  const actual: ActualRevision = tail[0]?.revision ?? 'no_stream';
  const contiguous =
    first !== undefined &&
    found.every((original, index) => original?.revision === first.revision + BigInt(index));
  if (!contiguous || !expectationHeldAt(expected, first.revision)) {
    throw new WrongExpectedVersion(stream, expected, actual);
  }
  const last = found[found.length - 1]!;
  return { next_expected_revision: last.revision, position: last.position };
}

/** Whether appending under `expected` could have put the first event at `revision`. */
function expectationHeldAt(expected: ExpectedRevision, revision: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return revision === 0n;
  if (expected === 'stream_exists') return revision > 0n;
  return revision === expected + 1n;
}
