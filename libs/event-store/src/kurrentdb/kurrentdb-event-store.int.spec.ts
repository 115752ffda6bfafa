import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { jsonEvent, KurrentDBClient } from '@kurrent/kurrentdb-client';

import {
  EVENT_BYTES_MAX,
  EventIdConflict,
  EventTooLarge,
  WrongExpectedVersion,
  type EventStore,
  type RecordedEvent,
} from '../event-store.port.js';
import { verifyStreamChain } from '../hash-chain.js';
import { describeDamagedEventContract } from '../test-support/event-store-damage.contract.js';
import { describeEventStoreContract } from '../test-support/event-store.contract.js';
import { createKurrentDbEventStore } from './kurrentdb-event-store.js';
import { doubleFaults } from './test-support/double-faults.js';
import { startKurrentDbDouble, type KurrentDbDouble } from './test-support/kurrentdb-double.js';
import { findRealServer, startKurrentDbContainer } from './test-support/real-server.js';
import { collect, sampleEvent, take } from './test-support/sample-events.js';

// Layer (b), always: the contract against the adapter talking to the in-process gRPC double,
// with the server faults the double can play.
describeEventStoreContract(
  'KurrentDB adapter, in-process gRPC double',
  async () => {
    // Strict positions, as a real node: a read that starts inside a record is refused.
    const double = await startKurrentDbDouble({ strictPositions: true });
    const store = await createKurrentDbEventStore(double.connectionString);
    return {
      store,
      openAnother: () => createKurrentDbEventStore(double.connectionString),
      faults: doubleFaults(double),
      cleanup: async () => {
        await store.close();
        await double.stop();
      },
    };
  },
  { faults: true },
);

// Damage can only be made on the double: a real node's log is not edited behind its back.
describeDamagedEventContract('KurrentDB adapter, in-process gRPC double', async () => {
  const double = await startKurrentDbDouble({ strictPositions: true });
  const store = await createKurrentDbEventStore(double.connectionString);
  const not_json = Buffer.from('{"amount_minor":', 'utf8');
  return {
    store,
    damage: async (stream, revision, part) =>
      double.log.damage(
        stream,
        revision,
        part === 'data' ? { data: not_json } : { customMetadata: not_json },
      ),
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

// Layer (a), when a real node can be had: the same contract against it.
const realServer = await realServerConnection();
if (realServer.connectionString !== undefined) {
  const connectionString = realServer.connectionString;
  describeEventStoreContract(`KurrentDB adapter, ${realServer.source}`, async () => {
    const store = await createKurrentDbEventStore(connectionString);
    return {
      store,
      openAnother: () => createKurrentDbEventStore(connectionString),
      cleanup: () => store.close(),
    };
  });
} else {
  console.log(`KurrentDB real-server layer skipped: ${realServer.reason}`);
}

/** Starts the container here, at collection, so a failed start skips the layer instead. */
async function realServerConnection(): Promise<
  | { readonly connectionString: string; readonly source: string }
  | { readonly connectionString?: undefined; readonly reason: string }
> {
  const found = await findRealServer();
  if (found.kind === 'none') return { reason: found.reason };
  if (found.kind === 'connection_string') {
    return { connectionString: found.connectionString, source: 'KURRENTDB_CONNECTION_STRING' };
  }
  try {
    const node = await startKurrentDbContainer();
    afterAll(() => node.stop());
    return { connectionString: node.connectionString, source: 'testcontainers' };
  } catch (error) {
    return { reason: `the KurrentDB container did not start (${(error as Error).message})` };
  }
}

describe('KurrentDB adapter mapping (in-process gRPC double)', () => {
  let double: KurrentDbDouble;
  let store: EventStore;

  beforeEach(async () => {
    double = await startKurrentDbDouble();
    store = await createKurrentDbEventStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  const wireExpectations = (stream: string) =>
    double.log.appends.filter((append) => append.stream === stream).map((a) => a.expectation);

  describe('append expectations', () => {
    it("sends the caller's expectation to the server as streamState", async () => {
      await store.append('cdr-1', [sampleEvent('CdrPosted', { n: 1 })], 'no_stream');
      await store.append('cdr-1', [sampleEvent('CdrCredited', { n: 2 })], 0n);

      expect(wireExpectations('cdr-1')).toEqual([
        { kind: 'no_stream' },
        { kind: 'revision', revision: 0n },
      ]);
    });

    it('is checked by a double that sees `any` when a client uses the ignored option name', async () => {
      // The trap DESIGN.md warns about: `expectedRevision` is silently dropped by the client, so
      // the request goes out as `any`; the test above would then see `any` too.
      const client = KurrentDBClient.connectionString(double.connectionString);
      try {
        const legacy = { expectedRevision: 5n } as Parameters<typeof client.appendToStream>[2];
        await client.appendToStream('trap', jsonEvent({ type: 'A', data: {} }), legacy);
      } finally {
        await client.dispose();
      }

      expect(wireExpectations('trap')).toEqual([{ kind: 'any' }]);
    });

    it('pins `any` to the revision it read, so the hash chain stays linked', async () => {
      await store.append('account-1', [sampleEvent('Opened', {})], 'any');
      await store.append('account-1', [sampleEvent('Posted', {})], 'any');
      await store.append('account-1', [sampleEvent('Posted', {})], 'stream_exists');

      expect(wireExpectations('account-1')).toEqual([
        { kind: 'no_stream' },
        { kind: 'revision', revision: 0n },
        { kind: 'revision', revision: 1n },
      ]);
    });

    it('refuses a stale revision before writing: WrongExpectedVersion with expected and actual', async () => {
      await store.append('cdr-2', [sampleEvent('A', {}), sampleEvent('B', {})], 'no_stream');

      const stale = store.append('cdr-2', [sampleEvent('C', {})], 0n);

      await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(stale).rejects.toMatchObject({ stream: 'cdr-2', expected: 0n, actual: 1n });
      // Checked against the leader's tail before writing: nothing stale reached the wire.
      expect(wireExpectations('cdr-2')).toEqual([{ kind: 'no_stream' }]);
    });

    it('reports no_stream as the actual state of a missing stream', async () => {
      const append = store.append('missing', [sampleEvent('A', {})], 4n);

      await expect(append).rejects.toMatchObject({ expected: 4n, actual: 'no_stream' });
      await expect(
        store.append('missing', [sampleEvent('A', {})], 'stream_exists'),
      ).rejects.toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
    });

    it('refuses no_stream on an existing stream with its last revision', async () => {
      await store.append('cdr-3', [sampleEvent('A', {})], 'no_stream');

      await expect(
        store.append('cdr-3', [sampleEvent('A', {})], 'no_stream'),
      ).rejects.toMatchObject({ expected: 'no_stream', actual: 0n });
    });

    it('keeps concurrent `any` appends chained', async () => {
      const other = await createKurrentDbEventStore(double.connectionString);
      try {
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 === 0 ? store : other).append('ledger-1', [sampleEvent('Posted', { i })], 'any'),
          ),
        );
      } finally {
        await other.close();
      }

      const events = await collect(store.readStream('ledger-1'));
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
      expect(verifyStreamChain(events)).toMatchObject({ ok: true, events_checked: 6 });
    });
  });

  it('refuses an event above EVENT_BYTES_MAX by name before anything reaches the server', async () => {
    // Given the adapter on the double, when an append holds an event of EVENT_BYTES_MAX + 1 bytes
    const big = sampleEvent('Big', { text: 'x'.repeat(EVENT_BYTES_MAX) });
    const append = store.append('big-1', [sampleEvent('A', { n: 1 }), big], 'no_stream');
    // then it is refused as EventTooLarge, and the double saw no append and holds no event.
    await expect(append).rejects.toBeInstanceOf(EventTooLarge);
    await expect(append).rejects.toMatchObject({ stream: 'big-1', event_id: big.id });
    expect(wireExpectations('big-1')).toEqual([]);
    expect(double.log.allEvents().filter((event) => event.stream === 'big-1')).toEqual([]);
  });

  describe('idempotency', () => {
    it('answers a re-append of the same events with the original result, writing nothing', async () => {
      const events = [sampleEvent('A', { n: 1 }), sampleEvent('B', { n: 2 })];
      const first = await store.append('cdr-4', events, 'no_stream');
      const logLength = double.log.allEvents().length;

      const again = await store.append('cdr-4', events, 'no_stream');

      expect(again).toEqual(first);
      expect(double.log.allEvents()).toHaveLength(logLength);
    });

    it('refuses an event id reused with other content', async () => {
      const original = sampleEvent('A', { amount: '10' });
      await store.append('cdr-5', [original], 'no_stream');

      const reuse = store.append('cdr-5', [{ ...original, data: { amount: '11' } }], 0n);

      await expect(reuse).rejects.toBeInstanceOf(EventIdConflict);
      await expect(reuse).rejects.toMatchObject({ stream: 'cdr-5', event_id: original.id });
    });

    it('refuses a malformed batch before anything reaches the server', async () => {
      const event = sampleEvent('A', {});

      await expect(store.append('cdr-14', [], 'any')).rejects.toThrow(RangeError);
      const notUuid = sampleEvent('A', {}, { id: 'cdr-14-1' });
      await expect(store.append('cdr-14', [notUuid], 'any')).rejects.toThrow(RangeError);
      await expect(store.append('cdr-14', [event, event], 'any')).rejects.toBeInstanceOf(
        EventIdConflict,
      );
      expect(wireExpectations('cdr-14')).toEqual([]);
    });

    it('passes event ids through to the server unchanged', async () => {
      const event = sampleEvent('A', {});
      await store.append('cdr-6', [event], 'no_stream');

      expect(double.log.streamEvents('cdr-6')?.map((stored) => stored.id)).toEqual([event.id]);
    });
  });

  describe('revisions, positions and metadata', () => {
    it('returns bigint revisions and commit positions that match what is read back', async () => {
      const result = await store.append(
        'cdr-7',
        [sampleEvent('A', {}), sampleEvent('B', {})],
        'any',
      );
      const [a, b] = await collect(store.readStream('cdr-7'));

      expect(typeof result.next_expected_revision).toBe('bigint');
      expect(result).toEqual({ next_expected_revision: 1n, position: b!.position });
      expect([a!.revision, b!.revision]).toEqual([0n, 1n]);
      expect(typeof a!.position).toBe('bigint');
      expect(b!.position).toBeGreaterThan(a!.position);
      expect(double.log.streamEvents('cdr-7')?.map((stored) => stored.position)).toEqual([
        a!.position,
        b!.position,
      ]);
    });

    it('stores the envelope and hash in the JSON metadata under the server keys', async () => {
      const cause = sampleEvent('A', {});
      const caused = sampleEvent(
        'B',
        {},
        {
          metadata: { ...cause.metadata, causation_id: cause.id, principal: 'admin' },
        },
      );
      await store.append('cdr-8', [cause, caused], 'no_stream');

      const stored = double.log
        .streamEvents('cdr-8')!
        .map((event) => JSON.parse(Buffer.from(event.customMetadata).toString('utf8')));
      const [first, second] = await collect(store.readStream('cdr-8'));
      expect(stored[0]).toEqual({
        schema_version: 1,
        occurred_at: cause.metadata.occurred_at,
        $correlationId: cause.metadata.correlation_id,
        principal: 'partner:DE/ABC',
        hash: first!.hash,
      });
      expect(stored[1]).toMatchObject({ $causationId: cause.id, principal: 'admin' });
      expect(double.log.streamEvents('cdr-8')![0]!.contentType).toBe('application/json');
      expect(first!.metadata).toEqual(cause.metadata);
      expect(second!.metadata).toEqual(caused.metadata);
    });

    it('reads back id, type, data and a recorded_at from the server timestamp', async () => {
      const event = sampleEvent('CdrPosted', { amount_minor: 1234n, tags: ['a'] });
      await store.append('cdr-9', [event], 'no_stream');

      const [read] = await collect(store.readStream('cdr-9'));
      const createdMs = Number(double.log.streamEvents('cdr-9')![0]!.createdTicks / 10_000n);
      expect(read).toMatchObject({ id: event.id, type: 'CdrPosted', stream: 'cdr-9' });
      expect(read!.data).toEqual({ amount_minor: '1234', tags: ['a'] });
      expect(Date.parse(read!.recorded_at)).toBe(createdMs - (createdMs % 1000));
      expect(verifyStreamChain([read!])).toMatchObject({ ok: true });
    });
  });

  describe('reads', () => {
    it('reads a stream forwards, backwards, from a revision and bounded', async () => {
      const events = ['A', 'B', 'C', 'D'].map((type) => sampleEvent(type, {}));
      await store.append('cdr-10', events, 'no_stream');
      const types = (read: RecordedEvent[]) => read.map((event) => event.type);

      expect(types(await collect(store.readStream('cdr-10')))).toEqual(['A', 'B', 'C', 'D']);
      expect(types(await collect(store.readStream('cdr-10', { direction: 'backwards' })))).toEqual([
        'D',
        'C',
        'B',
        'A',
      ]);
      const fromB = store.readStream('cdr-10', { from_revision: 1n, max_count: 2 });
      expect(types(await collect(fromB))).toEqual(['B', 'C']);
      const back = store.readStream('cdr-10', { direction: 'backwards', from_revision: 2n });
      expect(types(await collect(back))).toEqual(['C', 'B', 'A']);
    });

    it('reads a missing stream as no events', async () => {
      expect(await collect(store.readStream('nowhere'))).toEqual([]);
    });

    it('reads $all after a position, exclusive, bounded, without system events', async () => {
      await store.append('a-1', [sampleEvent('A', {}), sampleEvent('B', {})], 'no_stream');
      await store.append('b-1', [sampleEvent('C', {})], 'no_stream');
      expect(double.log.allEvents()[0]!.stream).toBe('$epochs');

      const all = await collect(store.readAll());
      expect(all.map((event) => event.type)).toEqual(['A', 'B', 'C']);
      const after = await collect(store.readAll({ after_position: all[0]!.position }));
      expect(after.map((event) => event.type)).toEqual(['B', 'C']);
      const bounded = store.readAll({ after_position: all[0]!.position, max_count: 1 });
      expect((await collect(bounded)).map((event) => event.type)).toEqual(['B']);
    });

    it('refuses a start inside a record, as a real node does', async () => {
      const result = await store.append('a-4', [sampleEvent('A', {})], 'no_stream');

      await expect(
        collect(store.readAll({ after_position: result.position - 1n })),
      ).rejects.toThrow();
      expect(await collect(store.readAll({ after_position: result.position }))).toEqual([]);
    });

    it('reports the head position, 0n while only system events exist', async () => {
      expect(await store.headPosition()).toBe(0n);

      const result = await store.append('a-2', [sampleEvent('A', {})], 'no_stream');

      expect(await store.headPosition()).toBe(result.position);
    });
  });

  describe('subscriptions', () => {
    it('catches up after the start position, then delivers live events, filtered', async () => {
      const first = await store.append('cdr-11', [sampleEvent('CdrPosted', {})], 'no_stream');
      await store.append('cdr-11', [sampleEvent('CdrPosted', {})], 0n);
      await store.append('tariff-1', [sampleEvent('TariffPublished', {})], 'no_stream');
      const subscription = store.subscribeToAll({
        after_position: first.position,
        filter: { stream_prefixes: ['cdr-'], event_types: ['CdrPosted', 'CdrCredited'] },
      });
      try {
        const received = take(subscription, 3);
        await store.append('cdr-12', [sampleEvent('CdrPostedLate', {})], 'no_stream');
        await store.append('cdr-12', [sampleEvent('CdrCredited', {})], 0n);
        await store.append('cdr-12', [sampleEvent('CdrPosted', {})], 1n);

        const events = await received;
        expect(events.map((event) => [event.stream, event.revision, event.type])).toEqual([
          ['cdr-11', 1n, 'CdrPosted'],
          ['cdr-12', 1n, 'CdrCredited'],
          ['cdr-12', 2n, 'CdrPosted'],
        ]);
        const read = await collect(store.readStream('cdr-12', { from_revision: 1n }));
        expect(events.slice(1)).toEqual(read);
      } finally {
        await subscription.close();
      }
    });

    it('skips system events and ends the iteration on close', async () => {
      await store.append('a-3', [sampleEvent('A', {})], 'no_stream');
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();

      const first = await iterator.next();
      expect(first.value).toMatchObject({ stream: 'a-3', type: 'A' });
      const next = iterator.next();
      await subscription.close();

      await expect(next).resolves.toMatchObject({ done: true });
    });
  });

  describe('connection strings', () => {
    it('accepts esdb:// as well as kurrentdb://, and nothing else', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const legacy = double.connectionString.replace('kurrentdb://', 'esdb://');
      const esdb = await createKurrentDbEventStore(legacy);
      try {
        const id = randomUUID();
        await esdb.append('cdr-13', [sampleEvent('A', {}, { id })], 'no_stream');
        expect((await collect(store.readStream('cdr-13'))).map((event) => event.id)).toEqual([id]);
      } finally {
        await esdb.close();
        warn.mockRestore();
      }
      await expect(createKurrentDbEventStore('http://127.0.0.1:2113')).rejects.toThrow(RangeError);
    });
  });
});
