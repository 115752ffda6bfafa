import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent, Subscription } from '../event-store.port.js';

/** Unique per test, so the suite can run against a shared server that keeps old streams. */
export function uniqueStream(label: string): string {
  return `contract_${label}-${randomUUID().replaceAll('-', '')}`;
}

export function metadataFor(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    schema_version: 1,
    occurred_at: '2026-03-29T01:30:00+01:00',
    correlation_id: randomUUID(),
    causation_id: null,
    principal: 'partner:DE/ABC',
    ...overrides,
  };
}

export function newEvent(type = 'ThingHappened', data: unknown = { n: 1 }): NewEvent {
  return { id: randomUUID(), type, data, metadata: metadataFor() };
}

export function numberedEvents(count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

/** Drains a finite iterable, refusing to run away if a read never ends. */
export async function collect<T>(iterable: AsyncIterable<T>, events_max = 10_000): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length > events_max) throw new Error(`read more than ${events_max} items`);
  }
  return items;
}

export interface SubscriptionReader {
  /** Takes the next `count` events, failing after `timeout_ms` instead of hanging. */
  take(count: number, timeout_ms?: number): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export function readerOf(subscription: Subscription): SubscriptionReader {
  const iterator = subscription[Symbol.asyncIterator]();
  return {
    async take(count, timeout_ms = 10_000) {
      const events: RecordedEvent[] = [];
      let timed_out = false;
      const timer = setTimeout(() => {
        timed_out = true;
        void subscription.close();
      }, timeout_ms);
      try {
        while (events.length < count) {
          const next = await iterator.next();
          if (next.done === true) break;
          events.push(next.value);
        }
      } finally {
        clearTimeout(timer);
      }
      if (events.length < count) {
        const why = timed_out ? `in ${timeout_ms} ms` : 'before the subscription ended';
        throw new Error(`subscription delivered ${events.length} of ${count} ${why}`);
      }
      return events;
    },
    close: () => subscription.close(),
  };
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
