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

/** Server-internal events ($epochs, $metadata, $settings ...) never reach our callers. */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }) {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  assert.ok(event.isJson, `event ${event.id} in '${event.streamId}' is not JSON`);
  assert.ok(event.position !== undefined, `event ${event.id} has no position`);
  const stored = event.metadata as StoredMetadata;
  assert.ok(typeof stored?.hash === 'string', `event ${event.id} carries no hash`);
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
