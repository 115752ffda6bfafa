/**
 * What every KurrentDB operation of the adapter shares: the client, the host it names in
 * errors, the time limits, and the leader reads that writes rely on.
 */
import {
  FORWARDS,
  BACKWARDS,
  END,
  StreamNotFoundError,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';

import type { RecordedEvent } from '../event-store.port.js';
import { isSystemEvent, toRecordedEvent } from './event-mapping.js';
import { withStepDeadline } from './kurrentdb-errors.js';

export interface KurrentDbSettings {
  /** Limit on one append round trip (and on each read step); default 10 s. */
  readonly call_timeout_ms: number;
  /** Limit for a subscription to be confirmed, and for each resubscription; default 10 s. */
  readonly subscribe_timeout_ms: number;
  /** Resubscriptions after a drop, from the last delivered position, before giving up. */
  readonly resubscribe_attempts_max: number;
  /** Attempts of an operation that meets a leader change (not-leader) before giving up. */
  readonly leader_attempts_max: number;
}

export const DEFAULT_SETTINGS: KurrentDbSettings = {
  call_timeout_ms: 10_000,
  subscribe_timeout_ms: 10_000,
  resubscribe_attempts_max: 5,
  leader_attempts_max: 4,
};

export interface KurrentDbContext {
  readonly client: KurrentDBClient;
  /** host:port list of the connection string, for error messages. */
  readonly host: string;
  readonly settings: KurrentDbSettings;
}

/**
 * The stream's last event, read from the leader: a write chains onto it, so a follower's
 * lagging view must never be used. Undefined for a missing stream.
 */
export async function readTail(
  context: KurrentDbContext,
  stream: string,
): Promise<RecordedEvent | undefined> {
  const [last] = await readEvents(context, stream, END, 1, 'backwards');
  return last;
}

/** Up to `count` events from `from_revision` forwards, read from the leader. */
export function readRange(
  context: KurrentDbContext,
  stream: string,
  from_revision: bigint,
  count: number,
): Promise<RecordedEvent[]> {
  return readEvents(context, stream, from_revision, count, 'forwards');
}

async function readEvents(
  context: KurrentDbContext,
  stream: string,
  from: bigint | typeof END,
  count: number,
  direction: 'forwards' | 'backwards',
): Promise<RecordedEvent[]> {
  const read: RecordedEvent[] = [];
  try {
    const events = context.client.readStream(stream, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: from,
      maxCount: count,
      requiresLeader: true,
    });
    for await (const resolved of withStepDeadline(events, context.settings.call_timeout_ms)) {
      // A stream the ledger writes is the ledger's: an event in it that is not ours or does not
      // decode (another writer, damage) throws DamagedEvent, so nothing chains onto it.
      const event = resolved.event;
      if (event !== undefined && !isSystemEvent(event)) read.push(toRecordedEvent(event));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return read;
}
