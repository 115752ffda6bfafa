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
  type EventDamage,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import { checkStoredObject, isJsonObject } from '../stored-event-checks.js';

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
 * What one stored event is to the ledger. The rule (README "Foreign and damaged events"):
 * - `event`: metadata with the ledger's envelope marks (a `hash` and a `$correlationId`), and
 *   everything decodes.
 * - `damaged`: carries the marks but something does not decode (data not JSON or not an object,
 *   a hash that is not SHA-256 hex, an envelope field missing). Always damage, wherever read.
 * - `unmarked`: no marks (metadata missing, not JSON, or without hash and correlation id). It is
 *   FOREIGN (another application's event in a shared $all) when its stream holds no ledger
 *   event, and DAMAGE when it does, or when the ledger reads its stream by name: whoever reads
 *   decides that with `damage`, which says why the event could not be read as ours.
 */
export type StoredEventKind =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'damaged'; readonly damage: EventDamage }
  | { readonly kind: 'unmarked'; readonly damage: EventDamage };

/** Classifies one event read from a stream or $all (never a system event). */
export function classifyEvent(event: KurrentRecordedEvent): StoredEventKind {
  const position = commitPosition(event);
  const reason = damageOf(event);
  if (reason !== null) {
    const { streamId: stream, revision, id, type } = event;
    const damage = { stream, revision, position, id, type, reason };
    return hasEnvelopeMarks(event.metadata)
      ? { kind: 'damaged', damage }
      : { kind: 'unmarked', damage };
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

/**
 * Decodes one event of a stream the ledger reads by name (readStream, an append's tail): every
 * event there must be ours and decode, so anything else throws DamagedEvent.
 */
export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  const kind = classifyEvent(event);
  if (kind.kind !== 'event') throw new DamagedEvent(kind.damage);
  return kind.event;
}

/** Whether stored metadata carries the marks of the ledger's envelope: a hash, a correlation id. */
export function hasEnvelopeMarks(metadata: unknown): boolean {
  return (
    isJsonObject(metadata) &&
    typeof metadata.hash === 'string' &&
    typeof metadata.$correlationId === 'string'
  );
}

/** Where an event read from $all or a stream lies in the log (the server always says). */
function commitPosition(event: KurrentRecordedEvent): bigint {
  assert.ok(event.position !== undefined, `event ${event.id} has no position`);
  return event.position.commit;
}

/** Why the event cannot be read as one of ours, or null when it can. */
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
  else reasons.push(...envelopeDamage(metadata.value));
  return reasons.length === 0 ? null : reasons.join('; ');
}

/** What is missing or malformed in metadata that decoded as a JSON object. */
function envelopeDamage(stored: Record<string, unknown>): string[] {
  if (typeof stored.hash !== 'string') return ['metadata carries no hash'];
  if (!HASH_PATTERN.test(stored.hash)) return ['metadata hash is not SHA-256 hex'];
  const missing = [
    typeof stored.$correlationId === 'string' ? [] : ['$correlationId'],
    typeof stored.principal === 'string' ? [] : ['principal'],
    typeof stored.schema_version === 'number' ? [] : ['schema_version'],
    typeof stored.occurred_at === 'string' ? [] : ['occurred_at'],
  ].flat();
  return missing.length === 0 ? [] : [`metadata lacks ${missing.join(', ')}`];
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
