import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '#event-store';
import type { LedgerMetrics } from './ledger-metrics.js';

/**
 * The event store with its appends timed and what they record counted (CDRs posted or held):
 * every writer goes through it, so no handler needs to know about metrics. The port is
 * unchanged; every other property is the store's own (a proxy, like the upcasting wrapper).
 */
export function withAppendMetrics(store: EventStore, metrics: LedgerMetrics): EventStore {
  const append = async (
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> => {
    const stop = metrics.append_duration.startTimer();
    try {
      const result = await store.append(stream, events, expected);
      stop({ result: 'ok' });
      metrics.observeAppended(events);
      return result;
    } catch (error) {
      stop({ result: 'error' });
      throw error;
    }
  };
  // An `append` assigned on the store later (a test simulating a crash) takes the place of the
  // metered one, as it would on the store itself.
  let assigned_append: EventStore['append'] | null = null;
  return new Proxy(store, {
    set(target, property, value, receiver) {
      if (property !== 'append') return Reflect.set(target, property, value, receiver);
      assigned_append = value as EventStore['append'];
      return true;
    },
    get(target, property, receiver) {
      if (property === 'append') return assigned_append ?? append;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
