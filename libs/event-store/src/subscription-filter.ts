import type { RecordedEvent, SubscriptionFilter } from './event-store.port.js';

/** The whole filter as a predicate, the same for every adapter: an event passes when its stream
 * starts with one of the prefixes (if any are given) and its type is one of the types (if given). */
export function filterPredicate(
  filter: SubscriptionFilter | undefined,
): (event: Pick<RecordedEvent, 'stream' | 'type'>) => boolean {
  const prefixes = filter?.stream_prefixes;
  const types = filter?.event_types === undefined ? undefined : new Set(filter.event_types);
  return (event) =>
    (prefixes === undefined || prefixes.some((prefix) => event.stream.startsWith(prefix))) &&
    (types === undefined || types.has(event.type));
}
