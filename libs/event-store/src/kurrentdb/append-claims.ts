/**
 * Append claims: how an `any` or `stream_exists` append finds its own earlier attempt at any
 * depth of the stream at a bounded cost.
 *
 * The hash chain needs each append pinned to the revision it chains onto, so the server's own
 * duplicate check for `any` (a bounded cache) never applies, and nothing on the server looks an
 * event id up. So before each attempt the adapter records, in a small stream of its own named
 * after the batch's first event id, where that attempt will write: "stream S, after revision
 * R, content digest D". A retry reads that claim (one read), then the batch's own slot (one
 * read of the batch's size): if the events are there, it answers with the original result. A
 * new attempt only replaces the claim (compare-and-set on the claim stream) when the claimed
 * slot can no longer be written, so at most one slot can ever hold the batch.
 */
import { createHash } from 'node:crypto';

import {
  BACKWARDS,
  END,
  jsonEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';

import { withDeadline, withStepDeadline } from './kurrentdb-errors.js';
import { CLAIM_STREAM_PREFIX } from './event-mapping.js';
import type { KurrentDbContext } from './kurrentdb-context.js';

const CLAIM_EVENT_TYPE = 'LedgerAppendClaimed';

export interface AppendClaim {
  /** Revision of this claim in its claim stream (for the compare-and-set of the next one). */
  readonly claim_revision: bigint;
  readonly stream: string;
  /** The revision the claimed attempt chains onto; -1n: the attempt creates the stream. */
  readonly after: bigint;
  /** SHA-256 over the batch's canonical events: same ids with other content differ here. */
  readonly digest: string;
}

interface ClaimData {
  readonly stream: string;
  readonly after: string;
  readonly digest: string;
}

export function claimStreamOf(first_event_id: string): string {
  return `${CLAIM_STREAM_PREFIX}${first_event_id.toLowerCase()}`;
}

export function batchDigest(canonical: readonly string[]): string {
  const digest = createHash('sha256');
  for (const text of canonical) digest.update(text).update('\n');
  return digest.digest('hex');
}

/** The latest claim for a batch, read from the leader; undefined when none was made. */
export async function readClaim(
  context: KurrentDbContext,
  claim_stream: string,
): Promise<AppendClaim | undefined> {
  try {
    const events = context.client.readStream(claim_stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      requiresLeader: true,
    });
    for await (const resolved of withStepDeadline(events, context.settings.call_timeout_ms)) {
      const event = resolved.event;
      if (event === undefined || !event.isJson) continue;
      const data = event.data as unknown as ClaimData;
      return {
        claim_revision: event.revision,
        stream: data.stream,
        after: BigInt(data.after),
        digest: data.digest,
      };
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return undefined;
}

/**
 * Records that the next attempt writes after `after`, replacing `previous` (compare-and-set);
 * false when another appender of the same batch claimed first.
 */
export async function writeClaim(
  context: KurrentDbContext,
  claim_stream: string,
  previous: AppendClaim | undefined,
  claim: Omit<AppendClaim, 'claim_revision'>,
): Promise<boolean> {
  const data: ClaimData = {
    stream: claim.stream,
    after: String(claim.after),
    digest: claim.digest,
  };
  try {
    await appendWithDeadline(context.client, context, claim_stream, data, previous);
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return false;
    throw error;
  }
}

function appendWithDeadline(
  client: KurrentDBClient,
  context: KurrentDbContext,
  claim_stream: string,
  data: ClaimData,
  previous: AppendClaim | undefined,
) {
  const event = jsonEvent({ type: CLAIM_EVENT_TYPE, data: { ...data } });
  const timeout_ms = context.settings.call_timeout_ms;
  return withDeadline(
    client.appendToStream(claim_stream, event, {
      streamState: previous === undefined ? 'no_stream' : previous.claim_revision,
      requiresLeader: true,
      deadline: timeout_ms,
    }),
    timeout_ms,
  );
}
