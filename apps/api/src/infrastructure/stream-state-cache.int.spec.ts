import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSqliteEventStore,
  NO_STREAM,
  type EventStore,
  type ExpectedRevision,
} from '#event-store';
import { StreamStateCache } from './stream-state-cache.js';

type Counted = { readonly type: 'Counted'; readonly data: { readonly n: number } };

/** A decider that sums `n` and counts how many events it folded. */
const Sum = {
  initialState: () => ({ sum: 0, folded: 0 }),
  evolve: (state: { sum: number; folded: number }, event: Counted) => ({
    sum: state.sum + event.data.n,
    folded: state.folded + 1,
  }),
};

/** A real embedded store on a temporary file, closed and removed after the test. */
async function withStore(test: (store: EventStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stream-state-cache-'));
  const store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
  try {
    await test(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let next_id = 0;
async function count(store: EventStore, stream: string, n: number, expected: ExpectedRevision) {
  next_id += 1;
  const id = `00000000-0000-4000-8000-${String(next_id).padStart(12, '0')}`;
  const metadata = {
    schema_version: 1,
    occurred_at: '2026-01-01T00:00:00Z',
    correlation_id: 'test',
    causation_id: null,
    principal: 'test',
  };
  await store.append(stream, [{ id, type: 'Counted', data: { n }, metadata }], expected);
}

describe('StreamStateCache', () => {
  it('answers as a full read would, and folds only the events appended since', async () => {
    await withStore(async (store) => {
      const cache = new StreamStateCache(store, 8);
      expect(await cache.load('sum-a', Sum)).toEqual({
        state: Sum.initialState(),
        revision: NO_STREAM,
      });
      await count(store, 'sum-a', 2, NO_STREAM);
      await count(store, 'sum-a', 3, 0n);
      expect(await cache.load('sum-a', Sum)).toEqual({
        state: { sum: 5, folded: 2 },
        revision: 1n,
      });
      expect(await cache.load('sum-a', Sum)).toEqual({
        state: { sum: 5, folded: 2 },
        revision: 1n,
      });
      await count(store, 'sum-a', 4, 1n);
      // One more event folded onto the cached state, not the whole stream again.
      expect(await cache.load('sum-a', Sum)).toEqual({
        state: { sum: 9, folded: 3 },
        revision: 2n,
      });
    });
  });

  it('sees what another process appended to the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-state-cache-'));
    const path = join(dir, 'events.sqlite');
    const mine = openSqliteEventStore({ path });
    const other = openSqliteEventStore({ path });
    try {
      const cache = new StreamStateCache(mine, 8);
      await count(other, 'sum-b', 1, NO_STREAM);
      expect((await cache.load('sum-b', Sum)).state.sum).toBe(1);
      await count(other, 'sum-b', 10, 0n);
      expect(await cache.load('sum-b', Sum)).toEqual({
        state: { sum: 11, folded: 2 },
        revision: 1n,
      });
    } finally {
      await mine.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps at most streams_max streams, dropping the least recently used', async () => {
    await withStore(async (store) => {
      const cache = new StreamStateCache(store, 2);
      for (const stream of ['s1', 's2', 's3']) await count(store, stream, 1, NO_STREAM);
      await cache.load('s1', Sum);
      await cache.load('s2', Sum);
      await cache.load('s1', Sum);
      await cache.load('s3', Sum);
      const entries = (cache as unknown as { entries: Map<string, unknown> }).entries;
      expect([...entries.keys()]).toEqual(['s1', 's3']);
    });
  });
});
