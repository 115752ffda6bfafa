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

import {
  DamagedEvent,
  type EventMetadata,
  type LogEntry,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import { checkStoredObject } from '../stored-event-checks.js';

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

/**
 * Decodes one event for an audit read. The client hands over data it could not parse as JSON as
 * the raw text (a string) and metadata as raw bytes, silently; since our data and metadata are
 * always JSON objects, either one is reported as damage, with where the event lies.
 */
export function toLogEntry(event: KurrentRecordedEvent): LogEntry {
  const position = commitPosition(event);
  const reason = damageOf(event);
  if (reason !== null) {
    const { streamId: stream, revision, id, type } = event;
    return { kind: 'damaged', damage: { stream, revision, position, id, type, reason } };
  }
  const { $correlationId, $causationId, hash, ...rest } = event.metadata as StoredMetadata;
  const metadata = {
    ...rest,
    correlation_id: $correlationId,
    causation_id: $causationId ?? null,
  } as EventMetadata;
  const recorded: RecordedEvent = {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
    stream: event.streamId,
    revision: event.revision,
    position,
    recorded_at: recordedAt(event.created),
    hash,
  };
  return { kind: 'event', event: recorded };
}

/** Decodes one event for every other reader: a damaged event throws DamagedEvent. */
export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  const entry = toLogEntry(event);
  if (entry.kind === 'damaged') throw new DamagedEvent(entry.damage);
  return entry.event;
}

/** Where an event read from $all or a stream lies in the log (the server always says). */
export function commitPosition(event: KurrentRecordedEvent): bigint {
  assert.ok(event.position !== undefined, `event ${event.id} has no position`);
  return event.position.commit;
}

function damageOf(event: KurrentRecordedEvent): string | null {
  if (!event.isJson) return 'data is not JSON (the event is not application/json)';
  const reasons: string[] = [];
  // Text is what the client gives for data that did not parse, and for a JSON string.
  if (typeof event.data === 'string') reasons.push('data is not JSON, or not a JSON object');
  else if (!checkStoredObject(event.data, 'data').ok) reasons.push('data is not a JSON object');
  // Bytes are what the client gives for metadata that did not parse; nothing for none.
  const metadata = checkStoredObject(event.metadata, 'metadata');
  if (event.metadata === undefined) reasons.push('metadata is missing');
  else if (ArrayBuffer.isView(event.metadata)) reasons.push('metadata is not JSON');
  else if (!metadata.ok) reasons.push(metadata.reason);
  else if (typeof metadata.value.hash !== 'string') reasons.push('metadata carries no hash');
  return reasons.length === 0 ? null : reasons.join('; ');
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
