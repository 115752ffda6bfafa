import assert from 'node:assert/strict';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import { filterPredicate } from '../subscription-filter.js';

/**
 * Wakes subscriptions of this process right after an append commits. A version counter closes
 * the gap between "read the log" and "start waiting": a subscription waits only if nothing was
 * appended since it last read.
 */
export class AppendSignal {
  private readonly waiters = new Set<() => void>();
  version = 0;

  notify(): void {
    this.version += 1;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  add(wake: () => void): void {
    this.waiters.add(wake);
  }

  remove(wake: () => void): void {
    this.waiters.delete(wake);
  }
}

/** Reads up to `limit` events strictly after `after_position`, in global order. */
type ReadPage = (after_position: bigint, limit: number) => RecordedEvent[];

export interface SubscriptionSettings {
  readonly read_page: ReadPage;
  readonly signal: AppendSignal;
  /** Appends by other processes raise no signal here, so the log is re-read this often. */
  readonly poll_interval_ms: number;
  /** Rows per read: the most a subscription ever holds in memory. */
  readonly page_events_max: number;
  readonly on_close: (subscription: SqliteSubscription) => void;
}

/** Catch-up then live, pull-based: the log is read a page at a time, only when the consumer
 * asks for more, so a slow consumer costs one page of memory and never an unbounded queue. */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private iterated = false;
  private wake_now: (() => void) | undefined;

  constructor(
    private readonly settings: SubscriptionSettings,
    private readonly options: SubscribeOptions,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    assert.ok(!this.iterated, 'a subscription can be iterated once');
    this.iterated = true;
    return this.events();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake_now?.();
    this.settings.on_close(this);
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    const { read_page, signal, page_events_max } = this.settings;
    const matches = filterPredicate(this.options.filter);
    let after_position = this.options.after_position ?? 0n;
    try {
      while (!this.closed) {
        const version_read = signal.version;
        const page = read_page(after_position, page_events_max);
        for (const event of page) {
          assert.ok(event.position > after_position, 'positions go forwards');
          after_position = event.position;
          if (!matches(event)) continue;
          yield event;
          if (this.closed) return;
        }
        if (page.length < page_events_max && signal.version === version_read) {
          await this.waitForAppend();
        }
      }
    } finally {
      await this.close();
    }
  }

  private waitForAppend(): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.settings.signal.remove(wake);
        this.wake_now = undefined;
        resolve();
      };
      const timer = setTimeout(wake, this.settings.poll_interval_ms);
      this.settings.signal.add(wake);
      this.wake_now = wake;
    });
  }
}
