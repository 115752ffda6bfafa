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
  encodeBatch,
  expectationHeldAt,
  type EncodedEvent,
  type EventIdRule,
} from '../append-batch.js';
import {
  EventIdConflict,
  WrongExpectedVersion,
  type ActualRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import {
  chainHash,
  composeEventCanonicalJson,
  eventCanonicalJson,
  GENESIS_HASH,
} from '../hash-chain.js';
import { toEventData, toRecordedEvent } from './event-mapping.js';

/** How far back an append looks for its event ids (the server's own check is bounded too). */
export const ID_CHECK_WINDOW_EVENTS_MAX = 1_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The same input rules as every adapter, plus the server's: event ids are UUIDs. */
const UUID_EVENT_ID: EventIdRule = {
  accepts: (id) => UUID_PATTERN.test(id),
  rejection: 'append: every event id must be a UUID',
};
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
  // Encoded once: every attempt's hashes, payloads and idempotency checks read these texts.
  const encoded = encodeBatch(stream, events, UUID_EVENT_ID);
  const canonical = encoded.map(({ id, type, data_json, metadata_json }) =>
    composeEventCanonicalJson(id, type, data_json, metadata_json),
  );
  for (let attempt = 1; ; attempt += 1) {
    const tail = await readTail(client, stream);
    const replay = replayedResult(stream, tail, encoded, canonical, expected);
    if (replay !== undefined) return replay;
    const last = tail[0];
    let previous_hash = last?.hash ?? GENESIS_HASH;
    const payload = events.map((event, index) => {
      previous_hash = chainHash(previous_hash, canonical[index]!);
      return toEventData(event, encoded[index]!.data_json, previous_hash);
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
  encoded: readonly EncodedEvent[],
  canonical: readonly string[],
  expected: ExpectedRevision,
): AppendResult | undefined {
  const byId = new Map(tail.map((event) => [event.id, event]));
  const found = encoded.map((event) => byId.get(event.id));
  found.forEach((original, index) => {
    // Canonical text equality is content equality (key order and bigint-vs-string do not count).
    if (original !== undefined && eventCanonicalJson(original) !== canonical[index]) {
      throw new EventIdConflict(stream, encoded[index]!.id);
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
