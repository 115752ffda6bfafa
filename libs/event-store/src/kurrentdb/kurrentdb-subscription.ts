import {
  eventTypeFilter,
  excludeSystemEvents,
  START,
  streamNameFilter,
  type AllStreamSubscription,
  type Filter,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';

import type {
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionFilter,
} from '../event-store.port.js';
import { filterPredicate } from '../subscription-filter.js';
import { isSystemEvent, toRecordedEvent } from './event-mapping.js';

/**
 * A catch-up-then-live subscription to $all. The server filters on one criterion only (stream
 * name or event type), so it gets the most selective one and every event is checked again here
 * against the whole filter and for system events.
 */
export class KurrentDbSubscription implements Subscription {
  private readonly source: AllStreamSubscription;
  private closed = false;

  constructor(
    client: KurrentDBClient,
    private readonly options: SubscribeOptions,
  ) {
    const after = options.after_position;
    this.source = client.subscribeToAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      filter: serverFilter(options.filter),
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const after = this.options.after_position ?? -1n;
    const accepts = filterPredicate(this.options.filter);
    try {
      for await (const resolved of this.source) {
        const event = resolved.event;
        if (event === undefined || isSystemEvent(event)) continue;
        const recorded = toRecordedEvent(event);
        if (recorded.position > after && accepts(recorded)) yield recorded;
      }
    } catch (error) {
      // Closing cancels the gRPC call; that ends the iteration, it is not a failure.
      if (!this.closed) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.source.unsubscribe();
    this.source.destroy();
  }
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
