/**
 * Appending with the hash chain and idempotency on top of KurrentDB, at a cost that does not
 * grow with the stream.
 *
 * Every write is pinned to the revision it chains onto, read from the leader just before and
 * checked before anything is written: the hashes are chained onto that event and the server's
 * expected-revision check makes landing anywhere else impossible.
 * - An explicit expectation (a revision, or no_stream) names the slot: when the stream is past
 *   it, the batch's own slot is read back (as many events as the batch) and a retry answers
 *   with the original result, at any depth.
 * - `any` and `stream_exists` find their slot through an append claim (append-claims.ts), and
 *   retry a lost race with capped, jittered backoff; appends of one store to one stream queue
 *   in process, so the racers are the store instances, not every caller.
 * A leader change (not-leader) is retried against the new leader, a bounded number of times.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';

import { WrongExpectedVersionError } from '@kurrent/kurrentdb-client';

import {
  encodeBatch,
  expectationHeldAt,
  type EncodedEvent,
  type EventIdRule,
} from '../append-batch.js';
import {
  ANY,
  EventIdConflict,
  NO_STREAM,
  STREAM_EXISTS,
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
import { batchDigest, claimStreamOf, readClaim, writeClaim } from './append-claims.js';
import { toEventData } from './event-mapping.js';
import { readRange, readTail, type KurrentDbContext } from './kurrentdb-context.js';
import { isNotLeader, toPortError, withDeadline } from './kurrentdb-errors.js';
import { StreamQueue } from './stream-queue.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The same input rules as every adapter, plus the server's: event ids are UUIDs. */
const UUID_EVENT_ID: EventIdRule = {
  accepts: (id) => UUID_PATTERN.test(id),
  rejection: 'append: every event id must be a UUID',
};
/**
 * Attempts of an `any` / `stream_exists` append that keeps losing the race for the tail. With
 * appends queued per store and stream, the racers are the store instances writing that stream;
 * with k of them one attempt loses with probability about (k-1)/k, so 64 attempts leave about
 * 1e-8 for k = 4 and 1e-3 for k = 10. Past that it fails with WrongExpectedVersion, which the
 * command runner retries like any other conflict.
 */
const APPEND_ATTEMPTS_MAX = 64;
/** Full jitter over a window that doubles per attempt up to this cap, so racers spread out. */
const RETRY_BACKOFF_MS_MAX = 40;
const RETRY_BACKOFF_MS_MIN = 1;
const LEADER_CHANGE_PAUSE_MS = 50;

/** A batch encoded once: every attempt's hashes, payloads and checks read these texts. */
interface Batch {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly encoded: readonly EncodedEvent[];
  readonly canonical: readonly string[];
}

type Written = { readonly written: AppendResult } | { readonly conflict: ActualRevision };

export class KurrentDbAppender {
  private readonly queue = new StreamQueue();

  constructor(private readonly context: KurrentDbContext) {}

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const encoded = encodeBatch(stream, events, UUID_EVENT_ID);
    const canonical = encoded.map(({ id, type, data_json, metadata_json }) =>
      composeEventCanonicalJson(id, type, data_json, metadata_json),
    );
    const batch: Batch = { stream, events, encoded, canonical };
    const attempt =
      expected === ANY || expected === STREAM_EXISTS
        ? () => this.queue.run(stream, () => this.appendClaimed(batch, expected))
        : () => this.appendAt(batch, expected === NO_STREAM ? -1n : expected, expected);
    for (let leader_attempt = 1; ; leader_attempt += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (isNotLeader(error) && leader_attempt < this.context.settings.leader_attempts_max) {
          // The client has already pointed its connection at the leader the error named.
          await delay(LEADER_CHANGE_PAUSE_MS);
          continue;
        }
        throw toPortError(error, this.context.host, `append to '${stream}'`);
      }
    }
  }

  /** An explicit expectation: the batch goes right after revision `after` (-1n: a new stream). */
  private async appendAt(
    batch: Batch,
    after: bigint,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const tail = await readTail(this.context, batch.stream);
    const current = tail?.revision ?? -1n;
    let actual: ActualRevision = tail?.revision ?? NO_STREAM;
    if (current === after) {
      const outcome = await this.write(batch, tail, expected);
      if ('written' in outcome) return outcome.written;
      actual = outcome.conflict;
    }
    // The stream is past the slot: these events may be there already (a retry).
    if (actual !== NO_STREAM && actual > after) {
      const replay = await this.findAppended(batch, after, expected);
      if (replay !== undefined) return replay;
    }
    throw new WrongExpectedVersion(batch.stream, expected, actual);
  }

  /** `any` / `stream_exists`: a claimed slot at the tail, retried until the race is won. */
  private async appendClaimed(batch: Batch, expected: ExpectedRevision): Promise<AppendResult> {
    const claim_stream = claimStreamOf(batch.encoded[0]!.id);
    const digest = batchDigest(batch.canonical);
    let actual: ActualRevision = NO_STREAM;
    for (let attempt = 1; attempt <= APPEND_ATTEMPTS_MAX; attempt += 1) {
      const claim = await readClaim(this.context, claim_stream);
      if (claim !== undefined) {
        if (claim.stream !== batch.stream || claim.digest !== digest) {
          throw new EventIdConflict(batch.stream, batch.encoded[0]!.id);
        }
        const replay = await this.findAppended(batch, claim.after, expected);
        if (replay !== undefined) return replay;
      }
      const tail = await readTail(this.context, batch.stream);
      if (expected === STREAM_EXISTS && tail === undefined) {
        throw new WrongExpectedVersion(batch.stream, expected, NO_STREAM);
      }
      // Without a claim, the batch may still be the tail, written under an explicit expectation.
      if (claim === undefined && tail !== undefined && tail.id === batch.encoded.at(-1)!.id) {
        const replay = await this.findAppended(
          batch,
          tail.revision - BigInt(batch.events.length),
          expected,
        );
        if (replay !== undefined) return replay;
      }
      const after = tail?.revision ?? -1n;
      if (claim?.after !== after) {
        const claimed = await writeClaim(this.context, claim_stream, claim, {
          stream: batch.stream,
          after,
          digest,
        });
        if (!claimed) continue;
      }
      const outcome = await this.write(batch, tail, expected);
      if ('written' in outcome) return outcome.written;
      actual = outcome.conflict;
      const window_ms = Math.min(RETRY_BACKOFF_MS_MAX, RETRY_BACKOFF_MS_MIN * 2 ** attempt);
      await delay(Math.random() * window_ms);
    }
    throw new WrongExpectedVersion(batch.stream, expected, actual);
  }

  /** Writes the batch chained onto `tail`, pinned to its revision. */
  private async write(
    batch: Batch,
    tail: RecordedEvent | undefined,
    expected: ExpectedRevision,
  ): Promise<Written> {
    refuseTailReuse(batch, tail, expected);
    const after = tail?.revision ?? -1n;
    let previous_hash = tail?.hash ?? GENESIS_HASH;
    const payload = batch.events.map((event, index) => {
      previous_hash = chainHash(previous_hash, batch.canonical[index]!);
      return toEventData(event, batch.encoded[index]!.data_json, previous_hash);
    });
    const timeout_ms = this.context.settings.call_timeout_ms;
    try {
      const result = await withDeadline(
        this.context.client.appendToStream(batch.stream, payload, {
          streamState: after === -1n ? NO_STREAM : after,
          requiresLeader: true,
          deadline: timeout_ms,
        }),
        timeout_ms,
      );
      assert.ok(result.position !== undefined, `append to '${batch.stream}' returned no position`);
      // Checked before writing and enforced by the server: the batch follows the event chained on.
      const chained_revision = after + BigInt(batch.events.length);
      assert.equal(
        result.nextExpectedRevision,
        chained_revision,
        `chain broken on '${batch.stream}'`,
      );
      return {
        written: { next_expected_revision: chained_revision, position: result.position.commit },
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualState;
      return { conflict: typeof actual === 'bigint' ? actual : NO_STREAM };
    }
  }

  /**
   * The original result when the batch already sits right after `after` (same ids, same
   * content); EventIdConflict when one of its ids sits there with other content. Reads as many
   * events as the batch holds, wherever the slot is.
   */
  private async findAppended(
    batch: Batch,
    after: bigint,
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    if (after < -1n || !expectationHeldAt(expected, after + 1n)) return undefined;
    const slot = await readRange(this.context, batch.stream, after + 1n, batch.events.length);
    const byId = new Map(slot.map((event) => [event.id, event]));
    batch.encoded.forEach(({ id }, index) => {
      const found = byId.get(id);
      // Canonical text equality is content equality (key order and bigint-vs-string do not count).
      if (found === undefined) return;
      if (eventCanonicalJson(found) !== batch.canonical[index]) {
        throw new EventIdConflict(batch.stream, id);
      }
    });
    const all_there =
      slot.length === batch.events.length &&
      slot.every((event, index) => event.id === batch.encoded[index]!.id);
    if (!all_there) return undefined;
    const last = slot.at(-1)!;
    return { next_expected_revision: last.revision, position: last.position };
  }
}

/**
 * The one id check beyond the batch's slot that costs nothing (the tail was read anyway): an id
 * of the batch that is the stream's last event is reused (other content) or re-sent under an
 * expectation that does not fit where it landed. KurrentDB does not index event ids, so an id
 * reused deeper in the stream at another slot is not seen; deterministic ids make that a
 * caller's bug rather than a retry.
 */
function refuseTailReuse(
  batch: Batch,
  tail: RecordedEvent | undefined,
  expected: ExpectedRevision,
): void {
  if (tail === undefined) return;
  const index = batch.encoded.findIndex(({ id }) => id === tail.id);
  if (index < 0) return;
  if (eventCanonicalJson(tail) !== batch.canonical[index]) {
    throw new EventIdConflict(batch.stream, tail.id);
  }
  throw new WrongExpectedVersion(batch.stream, expected, tail.revision);
}
