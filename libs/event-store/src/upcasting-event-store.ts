import type { EventStore, RecordedEvent, Subscription } from './event-store.port.js';

/**
 * Event schemas that last: an event is stored once, in the schema version it was written in, and
 * never rewritten (its hash covers it). Readers get it in the current version: one upcaster per
 * (type, version) turns version n into n + 1, and `upcastEvent` chains them, so every reader
 * (deciders, projections, replays) sees one shape per type, whatever year the event is from.
 */
export interface Upcaster {
  readonly type: string;
  /** The version this upcaster reads; it returns the data of version `from_version + 1`. */
  readonly from_version: number;
  upcast(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface UpcasterSet {
  /** The current schema version of an event type (1 for types never changed). */
  currentVersion(type: string): number;
  upcastEvent<TEvent extends RecordedEvent>(event: TEvent): TEvent;
}

/** Upper bound on the versions one event goes through (a chain longer than this is a bug). */
const UPCAST_STEPS_MAX = 64;

export class MissingUpcaster extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(`no upcaster for ${type} version ${version}`);
    this.name = 'MissingUpcaster';
  }
}

export function upcasterSet(
  current_versions: Readonly<Record<string, number>>,
  upcasters: readonly Upcaster[],
): UpcasterSet {
  const steps = new Map(upcasters.map((u) => [`${u.type}@${u.from_version}`, u] as const));
  const currentVersion = (type: string) => current_versions[type] ?? 1;
  return {
    currentVersion,
    upcastEvent<TEvent extends RecordedEvent>(event: TEvent): TEvent {
      const current = currentVersion(event.type);
      let version = event.metadata.schema_version;
      // A version newer than this code knows is passed on as it is (never guessed downwards).
      if (version >= current) return event;
      let data = event.data as Readonly<Record<string, unknown>>;
      for (let step = 0; version < current; step += 1) {
        const upcaster = steps.get(`${event.type}@${version}`);
        if (upcaster === undefined || step >= UPCAST_STEPS_MAX) {
          throw new MissingUpcaster(event.type, version);
        }
        data = upcaster.upcast(data);
        version += 1;
      }
      return { ...event, data, metadata: { ...event.metadata, schema_version: version } };
    },
  };
}

async function* upcastAll<TEvent extends RecordedEvent>(
  events: AsyncIterable<TEvent>,
  set: UpcasterSet,
): AsyncIterable<TEvent> {
  for await (const event of events) yield set.upcastEvent(event);
}

/**
 * The store, with every event read (`readStream`, `readAll`, subscriptions) in its current
 * schema version. `readAllForAudit` is left as stored: it is how hashes are verified, and a hash
 * is over the stored bytes. Appends are untouched (new events are written in the current version).
 */
const STORED_FORM = new WeakMap<EventStore, EventStore>();

/**
 * The store that reads events as stored (no upcasting): what an auditor checks hashes against.
 * For a store not made by withUpcasting, the store itself.
 */
export function storedForm(store: EventStore): EventStore {
  return STORED_FORM.get(store) ?? store;
}

export function withUpcasting(store: EventStore, set: UpcasterSet): EventStore {
  const readStream: EventStore['readStream'] = (stream, options) =>
    upcastAll(store.readStream(stream, options), set);
  const readAll: EventStore['readAll'] = (options) => upcastAll(store.readAll(options), set);
  const subscribeToAll: EventStore['subscribeToAll'] = (options) => {
    const subscription = store.subscribeToAll(options);
    const upcast: Subscription = {
      close: () => subscription.close(),
      [Symbol.asyncIterator]: () => upcastAll(subscription, set)[Symbol.asyncIterator](),
    };
    return upcast;
  };
  const upcasting = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readStream') return readStream;
      if (property === 'readAll') return readAll;
      if (property === 'subscribeToAll') return subscribeToAll;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  STORED_FORM.set(upcasting, store);
  return upcasting;
}
