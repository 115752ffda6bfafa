import {
  DamagedEvent,
  type EventMetadata,
  type LogEntry,
  type RecordedEvent,
} from '../event-store.port.js';
import { parseStoredObject } from '../stored-event-checks.js';
import type { EventRow } from './sqlite-schema.js';

/**
 * Decodes one row for an audit read: data and metadata are stored as canonical JSON text, and a
 * row whose text no longer parses to JSON objects is reported as damaged, with where it lies.
 */
export function toLogEntry(row: EventRow): LogEntry {
  const data = parseStoredObject(row.data, 'data');
  const metadata = parseStoredObject(row.metadata, 'metadata');
  if (!data.ok || !metadata.ok) {
    const reason = [data, metadata].flatMap((part) => (part.ok ? [] : [part.reason])).join('; ');
    const { stream, revision, position, id, type } = row;
    return { kind: 'damaged', damage: { stream, revision, position, id, type, reason } };
  }
  const event: RecordedEvent = {
    id: row.id,
    type: row.type,
    data: data.value,
    metadata: metadata.value as unknown as EventMetadata,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    recorded_at: row.recorded_at,
    hash: row.hash,
  };
  return { kind: 'event', event };
}

/** Decodes one row for every other reader: a damaged row throws DamagedEvent. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const entry = toLogEntry(row);
  if (entry.kind === 'damaged') throw new DamagedEvent(entry.damage);
  return entry.event;
}
