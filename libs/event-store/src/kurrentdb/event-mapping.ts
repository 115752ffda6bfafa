/**
 * How our events are laid out in KurrentDB events: the event id and type map one to one, the
 * data is JSON, and the envelope metadata plus the chain hash travel in the event's JSON
 * metadata, with the correlation and causation ids under the server's own `$correlationId` and
 * `$causationId` keys so that its projections understand them.
 */
import assert from 'node:assert/strict';

import {
  jsonEvent,
  type EventData,
  type JSONType,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';

import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port.js';

/** The JSON metadata stored with every event. */
interface StoredMetadata {
  readonly schema_version: number;
  readonly occurred_at: string;
  readonly $correlationId: string;
  /** Absent when the event has no cause inside the system. */
  readonly $causationId?: string;
  readonly principal: string;
  readonly hash: string;
  readonly [extra: string]: unknown;
}

/** `data_json`: the event's data as canonical JSON, exactly as the hash saw it. */
export function toEventData(event: NewEvent, data_json: string, hash: string): EventData {
  const { correlation_id, causation_id, ...rest } = event.metadata;
  const metadata: StoredMetadata = {
    ...rest,
    $correlationId: correlation_id,
    ...(causation_id === null ? {} : { $causationId: causation_id }),
    hash,
  };
  // Canonical JSON writes bigints as decimal strings, exactly as the hash saw them.
  const data = JSON.parse(data_json) as JSONType;
  return jsonEvent({ id: event.id, type: event.type, data, metadata });
}

/** Streams the adapter writes for its own bookkeeping (append claims), never read as events. */
export const CLAIM_STREAM_PREFIX = 'ledger-append-claim-';

/**
 * Server-internal events ($epochs, $metadata, $settings ...) and the adapter's own bookkeeping
 * never reach our callers, and are not counted as foreign either.
 */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }) {
  return (
    event.type.startsWith('$') ||
    event.streamId.startsWith('$') ||
    event.streamId.startsWith(CLAIM_STREAM_PREFIX)
  );
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Our event, or undefined for one that is not ours: another application's event in a shared
 * log (not JSON, no object data, or metadata without our envelope and hash). Readers skip and
 * count those instead of failing on them.
 */
export function toLedgerEvent(event: KurrentRecordedEvent): RecordedEvent | undefined {
  if (!event.isJson || event.position === undefined) return undefined;
  const stored = event.metadata as Partial<StoredMetadata> | undefined;
  if (typeof stored !== 'object' || stored === null || stored instanceof Uint8Array)
    return undefined;
  if (typeof stored.hash !== 'string' || !HASH_PATTERN.test(stored.hash)) return undefined;
  if (typeof stored.$correlationId !== 'string' || typeof stored.principal !== 'string') {
    return undefined;
  }
  if (typeof stored.schema_version !== 'number' || typeof stored.occurred_at !== 'string') {
    return undefined;
  }
  // Malformed JSON data reaches us as the raw text (the client does not throw on it).
  if (typeof event.data === 'string' && !isJsonText(event.data)) return undefined;
  return toRecordedEvent(event);
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Our event, once toLedgerEvent has checked that it carries our envelope. */
function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  assert.ok(event.position !== undefined, `event ${event.id} has no position`);
  const stored = event.metadata as StoredMetadata;
  const { $correlationId, $causationId, hash, ...rest } = stored;
  const metadata = {
    ...rest,
    correlation_id: $correlationId,
    causation_id: $causationId ?? null,
  } as EventMetadata;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
    stream: event.streamId,
    revision: event.revision,
    position: event.position.commit,
    recorded_at: recordedAt(event.created),
    hash,
  };
}

/**
 * The server records `created` in 100 ns ticks; the client's native read path hands it over in
 * whole seconds while its subscription path keeps milliseconds. Both are cut to whole seconds so
 * that an event reads the same whichever way it arrives.
 */
function recordedAt(created: Date): string {
  const milliseconds = created.getTime();
  return new Date(milliseconds - (((milliseconds % 1000) + 1000) % 1000)).toISOString();
}
