import { describe, expect, it } from '@jest/globals';
import { NO_STREAM, type EventStore, type RecordedEvent } from '../event-store.port.js';
import { eventHash, GENESIS_HASH, verifyStreamChain } from '../hash-chain.js';
import {
  collect,
  metadataFor,
  newEvent,
  numberedEvents,
  readerOf,
  uniqueStream,
} from './contract-fixtures.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const revisionsOf = (events: readonly RecordedEvent[]): bigint[] =>
  events.map((event) => event.revision);

/** Reads, subscriptions, envelope and hash chain; called by describeEventStoreContract. */
export function describeReadContract(store: () => EventStore): void {
  describe('readStream', () => {
    it('reads forwards and backwards, from a revision, up to max_count', async () => {
      const stream = uniqueStream('read');
      await store().append(stream, numberedEvents(5), NO_STREAM);
      const read = (options: Parameters<EventStore['readStream']>[1]) =>
        collect(store().readStream(stream, options));
      expect(revisionsOf(await read({}))).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(revisionsOf(await read({ direction: 'backwards' }))).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(revisionsOf(await read({ from_revision: 2n }))).toEqual([2n, 3n, 4n]);
      const backwards_from_2 = await read({ direction: 'backwards', from_revision: 2n });
      expect(revisionsOf(backwards_from_2)).toEqual([2n, 1n, 0n]);
      expect(revisionsOf(await read({ max_count: 2 }))).toEqual([0n, 1n]);
      const last = await read({ direction: 'backwards', max_count: 1 });
      expect(revisionsOf(last)).toEqual([4n]);
      expect(revisionsOf(await read({ from_revision: 3n, max_count: 1 }))).toEqual([3n]);
      expect(await read({ from_revision: 9n })).toEqual([]);
      const data = (await read({})).map((event) => event.data);
      expect(data).toEqual([0, 1, 2, 3, 4].map((index) => ({ index })));
    });

    it('yields nothing for a missing stream', async () => {
      expect(await collect(store().readStream(uniqueStream('none')))).toEqual([]);
      const backwards = store().readStream(uniqueStream('none'), { direction: 'backwards' });
      expect(await collect(backwards)).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('reads in global order, strictly after after_position, up to max_count', async () => {
      const [a, b] = [uniqueStream('all_a'), uniqueStream('all_b')];
      const start = await store().headPosition();
      expect(typeof start).toBe('bigint');
      await store().append(a, numberedEvents(2), NO_STREAM);
      await store().append(b, numberedEvents(1), NO_STREAM);
      await store().append(a, numberedEvents(2), 1n);
      const ours = (events: RecordedEvent[]) =>
        events.filter((event) => event.stream === a || event.stream === b);
      const all = ours(await collect(store().readAll({ after_position: start })));
      expect(all.map((event) => [event.stream, event.revision])).toEqual([
        [a, 0n],
        [a, 1n],
        [b, 0n],
        [a, 2n],
        [a, 3n],
      ]);
      for (let index = 1; index < all.length; index += 1) {
        expect(all[index]!.position).toBeGreaterThan(all[index - 1]!.position);
      }
      expect(await store().headPosition()).toBeGreaterThanOrEqual(all[4]!.position);
      const after_second = ours(
        await collect(store().readAll({ after_position: all[1]!.position })),
      );
      expect(after_second.map((event) => event.id)).toEqual(all.slice(2).map((event) => event.id));
      const two = await collect(store().readAll({ after_position: start, max_count: 2 }));
      expect(two).toHaveLength(2);
    });

    it('reads only the event types asked for, exactly, and counts max_count after the filter', async () => {
      const stream = uniqueStream('all_types');
      const start = await store().headPosition();
      await store().append(
        stream,
        [
          newEvent('Unwanted', { n: 0 }),
          newEvent('Wanted', { n: 1 }),
          newEvent('WantedNot', { n: 2 }),
          newEvent('AlsoWanted', { n: 3 }),
          newEvent('Unwanted', { n: 4 }),
          newEvent('Wanted', { n: 5 }),
        ],
        NO_STREAM,
      );
      const read = (options: Parameters<EventStore['readAll']>[0]) =>
        collect(store().readAll({ after_position: start, ...options }));
      const ours = (events: RecordedEvent[]) =>
        events.filter((event) => event.stream === stream).map((event) => event.data);
      const event_types = ['Wanted', 'AlsoWanted'];
      const wanted = await read({ event_types });
      expect(ours(wanted)).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
      expect(wanted.every((event) => event_types.includes(event.type))).toBe(true);
      const first_two = await read({ event_types, max_count: 2 });
      expect(ours(first_two)).toEqual([{ n: 1 }, { n: 3 }]);
      const after_first = await read({ event_types, after_position: first_two[0]!.position });
      expect(ours(after_first)).toEqual([{ n: 3 }, { n: 5 }]);
      expect(await read({ event_types: [] })).toEqual([]);
    });
  });

  describe('subscribeToAll', () => {
    it('catches up from an exclusive start, then delivers live appends', async () => {
      const stream = uniqueStream('sub');
      const start = await store().headPosition();
      const first = await store().append(stream, numberedEvents(1), NO_STREAM);
      await store().append(stream, numberedEvents(2), 0n);
      const reader = readerOf(
        store().subscribeToAll({
          after_position: first.position,
          filter: { stream_prefixes: [stream] },
        }),
      );
      try {
        expect(revisionsOf(await reader.take(2))).toEqual([1n, 2n]);
        const live = reader.take(2);
        await store().append(stream, numberedEvents(2), 2n);
        expect(revisionsOf(await live)).toEqual([3n, 4n]);
      } finally {
        await reader.close();
      }
      const from_start = readerOf(
        store().subscribeToAll({ after_position: start, filter: { stream_prefixes: [stream] } }),
      );
      expect(revisionsOf(await from_start.take(5))).toEqual([0n, 1n, 2n, 3n, 4n]);
      await from_start.close();
    });

    it('filters by stream prefix and by event type', async () => {
      const prefix = uniqueStream('filter');
      const start = await store().headPosition();
      const reader = readerOf(
        store().subscribeToAll({
          after_position: start,
          filter: { stream_prefixes: [`${prefix}-kept`], event_types: ['Wanted'] },
        }),
      );
      try {
        await store().append(`${prefix}-other`, [newEvent('Wanted')], NO_STREAM);
        await store().append(
          `${prefix}-kept`,
          [newEvent('Unwanted'), newEvent('Wanted', { n: 7 }), newEvent('Unwanted')],
          NO_STREAM,
        );
        await store().append(`${prefix}-kept`, [newEvent('Wanted', { n: 8 })], 2n);
        const events = await reader.take(2);
        expect(events.map((event) => [event.stream, event.type, event.data])).toEqual([
          [`${prefix}-kept`, 'Wanted', { n: 7 }],
          [`${prefix}-kept`, 'Wanted', { n: 8 }],
        ]);
      } finally {
        await reader.close();
      }
    });

    it('ends iteration when the subscription is closed', async () => {
      const subscription = store().subscribeToAll({ after_position: await store().headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await subscription.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const result = await Promise.race([
        next,
        new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting'), 5_000))),
      ]);
      clearTimeout(timer);
      expect(result).toMatchObject({ done: true });
    });
  });

  describe('envelope and hash chain', () => {
    it('round-trips every envelope field and sets recorded_at', async () => {
      const stream = uniqueStream('envelope');
      const metadata = metadataFor({
        schema_version: 3,
        causation_id: 'b1f0c3d2-1111-4222-8333-944455556666',
        principal: 'system:projector',
      });
      const data = {
        amount_minor: '12345',
        nested: { list: [1, 'zwei', null, true] },
        text: 'Ünïcødé €',
      };
      const event = { id: newEvent().id, type: 'CdrPosted', data, metadata };
      // Read $all from the head taken before the append: a real server refuses to start a read
      // at a position inside a record, and other writers may share the log.
      const head_before = await store().headPosition();
      const result = await store().append(stream, [event], NO_STREAM);
      const [read] = await collect(store().readStream(stream));
      expect(read).toMatchObject({ ...event, stream, revision: 0n, position: result.position });
      expect(read!.metadata).toEqual(metadata);
      expect(read!.recorded_at).toMatch(ISO_UTC);
      const after_head = await collect(
        store().readAll({ after_position: head_before, max_count: 1000 }),
      );
      const via_all = after_head.find((candidate) => candidate.id === event.id);
      expect(via_all).toEqual(read);
    });

    it('chains hashes per stream from the genesis hash', async () => {
      const [a, b] = [uniqueStream('chain_a'), uniqueStream('chain_b')];
      await store().append(a, numberedEvents(2), NO_STREAM);
      await store().append(b, numberedEvents(1), NO_STREAM);
      await store().append(a, numberedEvents(1), 1n);
      const events_a = await collect(store().readStream(a));
      const [event_b] = await collect(store().readStream(b));
      expect(events_a[0]!.hash).toBe(eventHash(GENESIS_HASH, events_a[0]!));
      expect(events_a[2]!.hash).toBe(eventHash(events_a[1]!.hash, events_a[2]!));
      expect(event_b!.hash).toBe(eventHash(GENESIS_HASH, event_b!));
      expect(verifyStreamChain(events_a)).toMatchObject({ ok: true, events_checked: 3 });
      const tampered = events_a.map((event, index) =>
        index === 1 ? { ...event, data: { index: 99 } } : event,
      );
      expect(verifyStreamChain(tampered)).toMatchObject({ ok: false, revision: 1n });
    });
  });
}
