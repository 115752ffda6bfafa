import assert from 'node:assert/strict';
import { NO_STREAM, type EventStore } from '#event-store';
import { loadStream, type Decider, type DomainEvent, type Loaded } from './command-runner.js';

interface Entry {
  readonly decider: unknown;
  readonly loaded: Loaded<unknown>;
}

/** Upper bound on events folded onto a cached state in one catch-up; beyond it, a full load. */
const CATCH_UP_EVENTS_MAX = 1_000;

/**
 * Folded states of streams that every CDR reads (its agreement pair, agreement, tariff and
 * Location), caught up instead of folded again. A stream's events up to revision r never change,
 * so the state folded from them is the state at r in every process; each use reads the events
 * after the cached revision (usually none: an index seek that returns no row, nothing to decode)
 * and folds them on. The answer is thus exactly what a full read would give at that moment,
 * whichever instance appended. Bounded: the least recently used stream is dropped first. Cached
 * states are shared between requests: callers must not mutate them (deciders and queries are
 * pure).
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: EventStore,
    private readonly streams_max: number,
  ) {
    assert.ok(Number.isSafeInteger(streams_max) && streams_max > 0);
  }

  async load<TEvent extends DomainEvent, TState>(
    stream: string,
    decider: Pick<Decider<unknown, TEvent, TState>, 'evolve' | 'initialState'>,
  ): Promise<Loaded<TState>> {
    const cached = this.entries.get(stream);
    const caught_up = cached === undefined ? null : await this.catchUp(stream, decider, cached);
    const loaded = caught_up ?? (await loadStream(this.store, stream, decider));
    // A missing stream is not kept: the next read asks again, and finds it once it exists.
    if (loaded.revision === NO_STREAM) return loaded;
    // Most recently used last (Map iteration order is insertion order).
    this.entries.delete(stream);
    if (this.entries.size >= this.streams_max) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(stream, { decider, loaded });
    return loaded;
  }

  /** The cached state with the events appended since folded on; null: load it afresh. */
  private async catchUp<TEvent extends DomainEvent, TState>(
    stream: string,
    decider: Pick<Decider<unknown, TEvent, TState>, 'evolve' | 'initialState'>,
    cached: Entry,
  ): Promise<Loaded<TState> | null> {
    assert.equal(cached.decider, decider, `stream ${stream} is folded by one decider`);
    let { state, revision } = cached.loaded as Loaded<TState>;
    assert.ok(revision !== NO_STREAM && typeof revision === 'bigint');
    let count = 0;
    const newer = this.store.readStream(stream, {
      from_revision: revision + 1n,
      max_count: CATCH_UP_EVENTS_MAX,
    });
    for await (const recorded of newer) {
      // Revisions are contiguous: the next event follows the cached one directly.
      assert.equal(recorded.revision, revision + 1n, `stream ${stream}: revision out of order`);
      state = decider.evolve(state, { type: recorded.type, data: recorded.data } as TEvent);
      revision = recorded.revision;
      count += 1;
    }
    if (count >= CATCH_UP_EVENTS_MAX) return null;
    return { state, revision };
  }
}
