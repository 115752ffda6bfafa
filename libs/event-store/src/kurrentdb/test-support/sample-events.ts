import { randomUUID } from 'node:crypto';

import type { NewEvent, RecordedEvent } from '../../event-store.port.js';

/** A well-formed event for the adapter tests; override what a test is about. */
export function sampleEvent(type: string, data: unknown, overrides: Partial<NewEvent> = {}) {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      schema_version: 1,
      occurred_at: '2026-11-25T10:00:00+01:00',
      correlation_id: randomUUID(),
      causation_id: null,
      principal: 'partner:DE/ABC',
    },
    ...overrides,
  } satisfies NewEvent;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** The first `count` events of a subscription-like iterable, then stops iterating. */
export async function take(items: AsyncIterable<RecordedEvent>, count: number) {
  const taken: RecordedEvent[] = [];
  if (count === 0) return taken;
  for await (const item of items) {
    taken.push(item);
    if (taken.length >= count) break;
  }
  return taken;
}
