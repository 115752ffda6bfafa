import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ANY,
  EventIdConflict,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersion,
  type ActualRevision,
  type EventStore,
  type ExpectedRevision,
} from '../event-store.port.js';
import { caught, collect, newEvent, numberedEvents, uniqueStream } from './contract-fixtures.js';
import { describeAuditReadContract } from './event-store-damage.contract.js';
import { describeFaultContract, type LogFaults } from './event-store-faults.contract.js';
import { describeProductionContract } from './event-store-production.contract.js';
import { describeReadContract } from './event-store-reads.contract.js';

export type EventStoreFactory = () => Promise<{
  store: EventStore;
  /** Another store instance on the same log, closed by the test that opens it. */
  openAnother: () => Promise<EventStore>;
  /** The server's faults, where the test server can play them (see `faults` below). */
  faults?: LogFaults;
  cleanup: () => Promise<void>;
}>;

/**
 * The behaviour every EventStore adapter must show (DESIGN.md "The event store port"). Adapter
 * agnostic: each test uses fresh, randomly named streams and only looks at its own events, so it
 * also runs against a shared server.
 */
export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  /** `faults`: the factory provides LogFaults, and the server-fault cases run too. */
  capabilities: { readonly faults?: boolean } = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let openAnother: () => Promise<EventStore>;
    let faults: LogFaults | undefined;
    const current = (): EventStore => store;

    beforeEach(async () => {
      ({ store, cleanup, openAnother, faults } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('append', () => {
      describeAppendContract(current);
    });
    describeReadContract(current);
    describeAuditReadContract(current);
    describeProductionContract({ store: current, openAnother: () => openAnother() });
    if (capabilities.faults === true) {
      describeFaultContract(current, () => {
        if (faults === undefined) throw new Error(`${name}: the factory provides no faults`);
        return faults;
      });
    }
  });
}

async function expectWrongVersion(
  append: Promise<unknown>,
  stream: string,
  expected: ExpectedRevision,
  actual: ActualRevision,
): Promise<void> {
  const error = await caught(append);
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect(error).toMatchObject({ stream, expected, actual });
}

function describeAppendContract(store: () => EventStore): void {
  it('creates a stream with no_stream, revisions counting from 0n', async () => {
    const stream = uniqueStream('new');
    const first = await store().append(stream, [newEvent()], NO_STREAM);
    expect(first.next_expected_revision).toBe(0n);
    expect(typeof first.position).toBe('bigint');
    const second = await store().append(stream, numberedEvents(2), 0n);
    expect(second.next_expected_revision).toBe(2n);
    expect(second.position).toBeGreaterThan(first.position);
    const events = await collect(store().readStream(stream));
    expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    expect(events[2]!.position).toBe(second.position);
  });

  it('accepts any on missing and existing streams, stream_exists on existing ones', async () => {
    const stream = uniqueStream('any');
    expect((await store().append(stream, [newEvent()], ANY)).next_expected_revision).toBe(0n);
    expect((await store().append(stream, [newEvent()], ANY)).next_expected_revision).toBe(1n);
    const result = await store().append(stream, [newEvent()], STREAM_EXISTS);
    expect(result.next_expected_revision).toBe(2n);
  });

  it('reports WrongExpectedVersion with expected and actual for each expectation', async () => {
    const missing = uniqueStream('missing');
    await expectWrongVersion(
      store().append(missing, [newEvent()], STREAM_EXISTS),
      missing,
      STREAM_EXISTS,
      NO_STREAM,
    );
    await expectWrongVersion(store().append(missing, [newEvent()], 0n), missing, 0n, NO_STREAM);
    const stream = uniqueStream('existing');
    await store().append(stream, numberedEvents(2), NO_STREAM);
    await expectWrongVersion(
      store().append(stream, [newEvent()], NO_STREAM),
      stream,
      NO_STREAM,
      1n,
    );
    await expectWrongVersion(store().append(stream, [newEvent()], 0n), stream, 0n, 1n);
    await expectWrongVersion(store().append(stream, [newEvent()], 5n), stream, 5n, 1n);
    expect(await collect(store().readStream(missing))).toEqual([]);
    expect(await collect(store().readStream(stream))).toHaveLength(2);
  });

  it('lets exactly one of many racing appenders win each revision, losing nothing', async () => {
    const stream = uniqueStream('race');
    await store().append(stream, [newEvent()], NO_STREAM);
    const appenders_count = 20;
    // Round 1: everyone read revision 0 and appends at once: one wins, the rest are refused.
    const outcomes = await Promise.allSettled(
      Array.from({ length: appenders_count }, () => store().append(stream, [newEvent()], 0n)),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
    }
    // Round 2: each appender reads, appends, and retries on conflict, a few events each.
    const events_per_appender = 3;
    const appended_ids = await Promise.all(
      Array.from({ length: appenders_count }, () =>
        appendWithRetries(store(), stream, events_per_appender),
      ),
    );
    const events = await collect(store().readStream(stream));
    const expected_count = 2 + appenders_count * events_per_appender;
    expect(events.map((event) => event.revision)).toEqual(
      Array.from({ length: expected_count }, (_, index) => BigInt(index)),
    );
    const stored_ids = new Set(events.map((event) => event.id));
    expect(stored_ids.size).toBe(expected_count);
    for (const id of appended_ids.flat()) expect(stored_ids.has(id)).toBe(true);
  });

  it('treats a retry (same ids, same expectation) as a no-op with the same result', async () => {
    const stream = uniqueStream('retry');
    const batch = numberedEvents(2);
    const original = await store().append(stream, batch, NO_STREAM);
    expect(await store().append(stream, batch, NO_STREAM)).toEqual(original);
    const next = [newEvent()];
    const second = await store().append(stream, next, 1n);
    expect(await store().append(stream, next, 1n)).toEqual(second);
    expect(await store().append(stream, next, ANY)).toEqual(second);
    const events = await collect(store().readStream(stream));
    expect(events.map((event) => event.id)).toEqual([...batch, ...next].map((event) => event.id));
  });

  it('refuses an existing event id with other content as EventIdConflict', async () => {
    const stream = uniqueStream('conflict');
    const original = newEvent('ThingHappened', { n: 1 });
    await store().append(stream, [original], NO_STREAM);
    const altered = { ...original, data: { n: 2 } };
    const error = await caught(store().append(stream, [altered], NO_STREAM));
    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({ stream, event_id: original.id });
    expect(await caught(store().append(stream, [altered], ANY))).toBeInstanceOf(EventIdConflict);
    const events = await collect(store().readStream(stream));
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ n: 1 });
  });

  it('refuses event data that is not a JSON object, writing nothing', async () => {
    const stream = uniqueStream('not_object');
    for (const data of ['text', 7, null, [1, 2]]) {
      const error = await caught(store().append(stream, [newEvent('Odd', data)], NO_STREAM));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/data must be a JSON object/);
    }
    expect(await collect(store().readStream(stream))).toEqual([]);
  });
}

/** Optimistic concurrency as a command handler does it: read, append, retry when refused. */
async function appendWithRetries(
  store: EventStore,
  stream: string,
  events_count: number,
): Promise<string[]> {
  const ids: string[] = [];
  const attempts_max = 500;
  for (let attempt = 0; ids.length < events_count; attempt += 1) {
    expect(attempt).toBeLessThan(attempts_max);
    const [last] = await collect(
      store.readStream(stream, { direction: 'backwards', max_count: 1 }),
    );
    const event = newEvent('Raced', { attempt });
    try {
      await store.append(stream, [event], last === undefined ? NO_STREAM : last.revision);
      ids.push(event.id);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    }
  }
  return ids;
}
