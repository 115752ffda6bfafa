import { setTimeout as delay } from 'node:timers/promises';

import {
  eventTypeFilter,
  excludeSystemEvents,
  START,
  streamNameFilter,
  type AllStreamSubscription,
  type Filter,
} from '@kurrent/kurrentdb-client';

import {
  DamagedEvent,
  EventStoreError,
  EventStoreUnavailable,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionFilter,
} from '../event-store.port.js';
import { filterPredicate } from '../subscription-filter.js';
import { isSystemEvent } from './event-mapping.js';
import type { KurrentDbContext } from './kurrentdb-context.js';
import { CallTimedOut, toPortError } from './kurrentdb-errors.js';
import { LedgerStreams } from './ledger-streams.js';

const RESUBSCRIBE_PAUSE_MS_MAX = 1_000;

/**
 * A catch-up-then-live subscription to $all. The server filters on one criterion only (stream
 * name or event type), so it gets the most selective one and every event is checked again here
 * against the whole filter, for system events and for foreign ones (skipped and counted). A
 * damaged event of ours ends the subscription with DamagedEvent, as every strict read does.
 *
 * The server must confirm the subscription within the subscribe timeout; a subscription that
 * drops (node restart, leader change, a node that never answered) is opened again from the
 * last event seen, a bounded number of times in a row, then fails with EventStoreUnavailable.
 */
export class KurrentDbSubscription implements Subscription {
  private source: AllStreamSubscription | undefined;
  private readonly stopped = new AbortController();

  constructor(
    private readonly context: KurrentDbContext,
    private readonly options: SubscribeOptions,
    private readonly onForeignEvent: () => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const accepts = filterPredicate(this.options.filter);
    const { resubscribe_attempts_max } = this.context.settings;
    /** Exclusive: the last position seen, so a resubscription neither repeats nor skips. */
    let checkpoint = this.options.after_position;
    const streams = new LedgerStreams(this.context);
    for (let failures = 0; !this.stopped.signal.aborted;) {
      const source = this.open(checkpoint);
      try {
        await this.confirmation(source);
        failures = 0;
        for await (const resolved of source) {
          const event = resolved.event;
          if (event === undefined) continue;
          if (event.position !== undefined) checkpoint = event.position.commit;
          if (isSystemEvent(event)) continue;
          const entry = await streams.entryOf(event);
          if (entry === undefined) this.onForeignEvent();
          else if (entry.kind === 'damaged') {
            const { stream, type } = entry.damage;
            if (accepts({ stream, type })) throw new DamagedEvent(entry.damage);
          } else if (accepts(entry.event)) yield entry.event;
        }
        if (this.stopped.signal.aborted) return;
        throw new Error('the server ended the subscription');
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        // Damage is in the log, not in the connection: resubscribing would meet it again.
        if (error instanceof DamagedEvent) throw error;
        failures += 1;
        if (failures > resubscribe_attempts_max) {
          throw unavailable(error, this.context.host);
        }
        await this.pause(Math.min(RESUBSCRIBE_PAUSE_MS_MAX, 50 * 2 ** failures));
      } finally {
        release(source);
      }
    }
  }

  async close(): Promise<void> {
    if (this.stopped.signal.aborted) return;
    this.stopped.abort();
    if (this.source !== undefined) release(this.source);
  }

  private open(after: bigint | undefined): AllStreamSubscription {
    this.source = this.context.client.subscribeToAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      filter: serverFilter(this.options.filter),
    });
    return this.source;
  }

  /** Resolves when the server confirms; rejects on error, end, or after the subscribe timeout. */
  private confirmation(source: AllStreamSubscription): Promise<void> {
    const timeout_ms = this.context.settings.subscribe_timeout_ms;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new CallTimedOut(timeout_ms)), timeout_ms);
      const settle = (error?: unknown) => {
        clearTimeout(timer);
        source.off('confirmation', onConfirmed);
        source.off('error', settle);
        source.off('close', onClosed);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onConfirmed = () => settle();
      const onClosed = () => settle(new Error('the subscription closed before confirmation'));
      source.once('confirmation', onConfirmed);
      source.once('error', settle);
      source.once('close', onClosed);
    });
  }

  private async pause(duration_ms: number): Promise<void> {
    await delay(duration_ms, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }
}

/** Whatever ended the last attempt, as the port's error naming the host. */
function unavailable(error: unknown, host: string): EventStoreError {
  const operation = 'subscription to $all';
  const mapped = toPortError(error, host, operation);
  if (mapped instanceof EventStoreError) return mapped;
  return new EventStoreUnavailable(host, operation, (error as Error).message ?? String(error));
}

/** Cancels the gRPC call; closing a call that never connected must not wait or throw. */
function release(source: AllStreamSubscription): void {
  source.unsubscribe().catch(() => undefined);
  source.destroy();
}

function serverFilter(filter: SubscriptionFilter | undefined): Filter {
  if (filter?.stream_prefixes !== undefined && filter.stream_prefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.stream_prefixes] });
  }
  if (filter?.event_types !== undefined && filter.event_types.length > 0) {
    // A prefix filter on the exact types; the exact match is made in filterPredicate.
    return eventTypeFilter({ prefixes: [...filter.event_types] });
  }
  return excludeSystemEvents();
}
