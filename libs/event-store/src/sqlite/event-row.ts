import type { EventMetadata, RecordedEvent } from '../event-store.port.js';
import type { EventRow } from './sqlite-schema.js';

/** Decodes one row; data and metadata are stored as canonical JSON text. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    recorded_at: row.recorded_at,
    hash: row.hash,
  };
}
