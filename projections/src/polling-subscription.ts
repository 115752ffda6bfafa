import type {
  EventStore,
  RecordedEvent,
  Subscription,
} from '../../libs/event-store/src/event-store.port.js';

/** Events per read of the polling fallback. */
const POLL_PAGE_EVENTS_MAX = 500;

/**
 * Subscribes to the whole log after a position. Adapters without live subscriptions (the
 * in-memory test store) get a catch-up-then-poll subscription over `readAll` instead.
 */
export function subscribeAfter(
  store: EventStore,
  after_position: bigint,
  poll_interval_ms: number,
): Subscription {
  try {
    return store.subscribeToAll({ after_position });
  } catch {
    return new PollingSubscription(store, after_position, poll_interval_ms);
  }
}

class PollingSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly after_position: bigint,
    private readonly poll_interval_ms: number,
  ) {}

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after_position = this.after_position;
    while (!this.closed) {
      let read = 0;
      for await (const event of this.store.readAll({
        after_position,
        max_count: POLL_PAGE_EVENTS_MAX,
      })) {
        after_position = event.position;
        read += 1;
        yield event;
        if (this.closed) return;
      }
      if (read < POLL_PAGE_EVENTS_MAX) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.poll_interval_ms);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
