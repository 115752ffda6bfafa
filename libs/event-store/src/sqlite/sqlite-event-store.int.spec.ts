import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createEventStore } from '../create-event-store.js';
import {
  ANY,
  EVENT_BYTES_MAX,
  EventIdConflict,
  EventStoreOverloaded,
  EventTooLarge,
  NO_STREAM,
  STREAM_EXISTS,
  type EventStore,
} from '../event-store.port.js';
import { verifyStreamChain } from '../hash-chain.js';
import { collect, newEvent, numberedEvents, readerOf } from '../test-support/contract-fixtures.js';
import { describeDamagedEventContract } from '../test-support/event-store-damage.contract.js';
import { describeEventStoreContract } from '../test-support/event-store.contract.js';
import { startWorker } from '../test-support/sqlite-processes.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

function temporaryDirectory(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeEventStoreContract('sqlite', async () => {
  const { dir, remove } = temporaryDirectory();
  const path = join(dir, 'events.sqlite');
  const store = openSqliteEventStore({ path });
  return {
    store,
    openAnother: async () => openSqliteEventStore({ path }),
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

describeDamagedEventContract('sqlite', async () => {
  const { dir, remove } = temporaryDirectory();
  const path = join(dir, 'events.sqlite');
  const store = openSqliteEventStore({ path });
  return {
    store,
    // A second connection edits the file behind the adapter's back, as a hand-edit would.
    damage: async (stream, revision, part) => {
      const db = new DatabaseSync(path);
      const column = part === 'data' ? 'data' : 'metadata';
      db.prepare(`UPDATE events SET ${column} = ? WHERE stream = ? AND revision = ?`).run(
        '{"amount_minor":',
        stream,
        revision,
      );
      db.close();
    },
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

describe('sqlite event store', () => {
  let dir: string;
  let remove: () => void;
  let path: string;
  const opened: EventStore[] = [];
  const open = (clock?: () => Date): EventStore => {
    const store = openSqliteEventStore({ path, clock });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    ({ dir, remove } = temporaryDirectory());
    path = join(dir, 'events.sqlite');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    remove();
  });

  it('keeps appended events across close and reopen, with the injected recorded_at', async () => {
    const first = open(() => new Date('2026-05-01T10:00:00.000Z'));
    const result = await first.append('cdr-1', numberedEvents(3), NO_STREAM);
    await first.close();
    const reopened = open();
    const events = await collect(reopened.readStream('cdr-1'));
    expect(events.map((event) => event.recorded_at)).toEqual(
      Array(3).fill('2026-05-01T10:00:00.000Z'),
    );
    expect(await reopened.headPosition()).toBe(result.position);
    expect(verifyStreamChain(events)).toMatchObject({ ok: true });
    expect((await reopened.append('cdr-1', [newEvent()], 2n)).next_expected_revision).toBe(3n);
  });

  it('keeps event ids unique across streams', async () => {
    const store = open();
    const event = newEvent();
    await store.append('a', [event], NO_STREAM);
    await expect(store.append('b', [event], NO_STREAM)).rejects.toBeInstanceOf(EventIdConflict);
    await expect(
      store.append('c', [newEvent(), { ...newEvent(), id: event.id }], NO_STREAM),
    ).rejects.toBeInstanceOf(EventIdConflict);
    expect(await collect(store.readStream('c'))).toEqual([]);
  });

  it('refuses retries that do not match where the events were written', async () => {
    const store = open();
    const [first, second] = [newEvent(), newEvent()];
    await store.append('r', [first], NO_STREAM);
    await store.append('r', [second], 0n);
    // The expectation fails: that is what the caller must hear about.
    await expect(store.append('r', [first], 5n)).rejects.toMatchObject({
      name: 'WrongExpectedVersion',
      actual: 1n,
    });
    // The expectation holds but the event is already stored elsewhere: a second copy would
    // break id uniqueness, and it is not a retry of an append at this expectation.
    await expect(store.append('r', [first], 1n)).rejects.toBeInstanceOf(EventIdConflict);
    await expect(store.append('r', [first], STREAM_EXISTS)).rejects.toBeInstanceOf(EventIdConflict);
    // Half old, half new: neither a retry nor a fresh append.
    await expect(store.append('r', [second, newEvent()], ANY)).rejects.toBeInstanceOf(
      EventIdConflict,
    );
    expect(await collect(store.readStream('r'))).toHaveLength(2);
  });

  it('validates input before touching the file', async () => {
    const store = open();
    await expect(store.append('s', [], ANY)).rejects.toThrow(RangeError);
    await expect(store.append('', [newEvent()], ANY)).rejects.toThrow(RangeError);
    await expect(store.append('s', [{ ...newEvent(), type: '' }], ANY)).rejects.toThrow(RangeError);
    await expect(collect(store.readAll({ max_count: -1 }))).rejects.toThrow(RangeError);
    expect(await store.headPosition()).toBe(0n);
  });

  it('refuses an event above EVENT_BYTES_MAX by name, writing nothing of its append', async () => {
    // Given a store, when an append holds one small event and one of EVENT_BYTES_MAX + 1 bytes
    const store = open();
    const big = { ...newEvent(), type: 'Big', data: { text: 'x'.repeat(EVENT_BYTES_MAX) } };
    const append = store.append('big', [newEvent(), big], NO_STREAM);
    // then it is refused as EventTooLarge naming the event, and neither event is stored.
    await expect(append).rejects.toBeInstanceOf(EventTooLarge);
    await expect(append).rejects.toMatchObject({ stream: 'big', event_id: big.id });
    expect(await collect(store.readStream('big'))).toEqual([]);
    expect(await store.headPosition()).toBe(0n);
  });

  it('refuses an append beyond queued_appends_max at once and writes the queued ones', async () => {
    const store = openSqliteEventStore({ path, queued_appends_max: 2 });
    opened.push(store);
    // Three appends in one turn of the event loop: two wait for the group commit, one is refused.
    const appends = ['a', 'b', 'c'].map((stream) => store.append(stream, [newEvent()], NO_STREAM));
    const outcomes = await Promise.allSettled(appends);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreOverloaded);
    expect(await collect(store.readStream('c'))).toEqual([]);
    // Once the group is committed, there is room again.
    await store.append('c', [newEvent()], NO_STREAM);
    expect(await store.headPosition()).toBe(3n);
  });

  it('decodes fresh events once for all live subscriptions, frozen, each from its own position', async () => {
    const store = openSqliteEventStore({ path, page_events_max: 4 });
    opened.push(store);
    await store.append('shared', numberedEvents(10), NO_STREAM);
    const readers = [0n, 0n, 6n].map((after_position) =>
      readerOf(store.subscribeToAll({ after_position })),
    );
    try {
      const [first, second] = await Promise.all([readers[0]!.take(10), readers[1]!.take(10)]);
      const late = await readers[2]!.take(4);
      expect(first.map((event) => event.position)).toEqual(
        Array.from({ length: 10 }, (_, index) => BigInt(index + 1)),
      );
      // One decoded object per event, shared, and nobody can change it for the others.
      first.forEach((event, index) => expect(second[index]).toBe(event));
      expect(Object.isFrozen(first[0]!.data)).toBe(true);
      expect(late.map((event) => event.position)).toEqual([7n, 8n, 9n, 10n]);
      expect(late[0]).toEqual(
        await collect(store.readStream('shared', { from_revision: 6n })).then(
          (events) => events[0],
        ),
      );
    } finally {
      await Promise.all(readers.map((reader) => reader.close()));
    }
  });

  it("waits for another connection's write lock without blocking the event loop", async () => {
    const store = open();
    await store.append('before', [newEvent()], NO_STREAM);
    const other = new DatabaseSync(path, { timeout: 5000 });
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const appended = store.append('waiting', [newEvent()], NO_STREAM).finally(() => {
      settled = true;
    });
    // Timers keep firing while the append waits: the event loop is not blocked on the lock.
    let ticks = 0;
    for (let index = 0; index < 20; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ticks += 1;
    }
    expect(ticks).toBe(20);
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    expect((await appended).position).toBe(2n);
    expect(await collect(store.readStream('waiting'))).toHaveLength(1);
  });

  it('streams reads in pages larger than one SELECT', async () => {
    const store = openSqliteEventStore({ path, page_events_max: 7 });
    opened.push(store);
    await store.append('paged', numberedEvents(50), NO_STREAM);
    const forwards = await collect(store.readStream('paged', { from_revision: 3n, max_count: 40 }));
    expect(forwards.map((event) => event.revision)).toEqual(
      Array.from({ length: 40 }, (_, index) => BigInt(index + 3)),
    );
    const backwards = await collect(store.readStream('paged', { direction: 'backwards' }));
    expect(backwards).toHaveLength(50);
    expect(backwards[49]!.revision).toBe(0n);
    expect(await collect(store.readAll({ after_position: 5n }))).toHaveLength(45);
  });

  it('ends live subscriptions when the store closes', async () => {
    const store = openSqliteEventStore({ path });
    await store.append('s', [newEvent()], NO_STREAM);
    const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ stream: 's', revision: 0n });
    const waiting = iterator.next();
    await store.close();
    expect(await waiting).toMatchObject({ done: true });
    await expect(store.append('s', [newEvent()], 0n)).rejects.toThrow(/closed/);
  });

  it('creates events.sqlite in the data dir for the sqlite connection', async () => {
    const store = await createEventStore({ connection: undefined, data_dir: join(dir, 'data') });
    opened.push(store);
    await store.append('s', [newEvent()], NO_STREAM);
    const again = await createEventStore({ connection: 'sqlite', data_dir: join(dir, 'data') });
    opened.push(again);
    expect(await again.headPosition()).toBe(1n);
    await expect(createEventStore({ connection: 'mysql://x', data_dir: dir })).rejects.toThrow(
      RangeError,
    );
  });

  it('serialises two processes appending to one stream and to their own streams', async () => {
    const store = open();
    const count = 40;
    const tasks = ['p1', 'p2'].map((name) => ({
      kind: 'race',
      shared_stream: 'shared',
      own_stream: `own-${name}`,
      count,
    }));
    const workers = tasks.map((task) => startWorker(path, task));
    await Promise.all(workers.map((worker) => worker.ready));
    workers.forEach((worker) => worker.go());
    type Report = { shared_ids: string[]; own_ids: string[]; conflicts: number };
    const reports = (await Promise.all(workers.map((worker) => worker.outcome))) as Report[];
    const shared = await collect(store.readStream('shared'));
    expect(shared.map((event) => event.revision)).toEqual(
      Array.from({ length: 2 * count }, (_, index) => BigInt(index)),
    );
    expect(new Set(shared.map((event) => event.id))).toEqual(
      new Set(reports.flatMap((report) => report.shared_ids)),
    );
    expect(verifyStreamChain(shared)).toMatchObject({ ok: true });
    for (const [index, report] of reports.entries()) {
      const own = await collect(store.readStream(`own-p${index + 1}`));
      expect(own.map((event) => event.id)).toEqual(report.own_ids);
    }
    const all = await collect(store.readAll());
    expect(all).toHaveLength(4 * count);
    expect(new Set(all.map((event) => event.position)).size).toBe(4 * count);
  });

  it('reports a conflicting append from another process as WrongExpectedVersion', async () => {
    const store = open();
    await store.append('taken', [newEvent()], NO_STREAM);
    const worker = startWorker(path, {
      kind: 'append',
      stream: 'taken',
      count: 1,
      expected: 'no_stream',
    });
    await worker.ready;
    worker.go();
    expect(await worker.outcome).toEqual({
      ok: false,
      error: 'WrongExpectedVersion',
      expected: 'no_stream',
      actual: '0',
    });
  });

  it("delivers another process's appends to a live subscription", async () => {
    const store = open();
    await store.append('before', [newEvent()], NO_STREAM);
    const reader = readerOf(store.subscribeToAll({ filter: { stream_prefixes: ['from-child'] } }));
    try {
      const worker = startWorker(path, {
        kind: 'append',
        stream: 'from-child',
        count: 3,
        expected: 'no_stream',
      });
      await worker.ready;
      const delivered = reader.take(3);
      worker.go();
      expect(await worker.outcome).toMatchObject({ ok: true, next_expected_revision: '2' });
      const events = await delivered;
      expect(events.map((event) => [event.stream, event.revision])).toEqual([
        ['from-child', 0n],
        ['from-child', 1n],
        ['from-child', 2n],
      ]);
    } finally {
      await reader.close();
    }
  });

  it('replaces a writer thread that died: the next append is written', async () => {
    const store = open();
    await store.append('before-crash', [newEvent()], NO_STREAM);
    // A crash of the thread (out of memory, a native fault), simulated by ending it.
    const writer = (store as unknown as { writer: { worker: { terminate(): Promise<number> } } })
      .writer;
    await writer.worker.terminate();
    await store.append('after-crash', [newEvent()], NO_STREAM);
    const streams = (await collect(store.readAll())).map((event) => event.stream);
    expect(streams).toEqual(['before-crash', 'after-crash']);
  });
});
