import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
} from '../../../../libs/event-store/src/event-store.port.js';
import type { LedgerMetrics } from './ledger-metrics.js';

/**
 * The event store with its appends timed and what they record counted (CDRs posted or held):
 * every writer goes through it, so no handler needs to know about metrics. The port is
 * unchanged; every other method is the store's own.
 */
export function withAppendMetrics(store: EventStore, metrics: LedgerMetrics): EventStore {
  return {
    async append(
      stream: string,
      events: readonly NewEvent[],
      expected: ExpectedRevision,
    ): Promise<AppendResult> {
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
    },
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    readAllForAudit: (options) => store.readAllForAudit(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
