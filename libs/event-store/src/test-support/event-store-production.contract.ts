import { describe, expect, it } from '@jest/globals';
import {
  ANY,
  EventIdConflict,
  NO_STREAM,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '../event-store.port.js';
import { verifyStreamChain } from '../hash-chain.js';
import { caught, collect, numberedEvents, uniqueStream } from './contract-fixtures.js';

/** More later events than any fixed look-back window an adapter might keep (issue 17). */
const LATER_EVENTS = 1_100;
const LATER_BATCH_EVENTS = 100;
const BIG_BATCH_EVENTS = 1_500;
const CONCURRENT_APPENDS = 100;
const STORE_INSTANCES = 4;

export interface ProductionContractContext {
  readonly store: () => EventStore;
  /** Another store instance on the same log (another process, as far as the log can tell). */
  readonly openAnother: () => Promise<EventStore>;
}

/** Appends `count` events after revision `last` in batches; returns the new last revision. */
async function appendLater(store: EventStore, stream: string, last: bigint, count: number) {
  let revision = last;
  for (let appended = 0; appended < count; appended += LATER_BATCH_EVENTS) {
    const events = numberedEvents(Math.min(LATER_BATCH_EVENTS, count - appended), 'Later');
    revision = (await store.append(stream, events, revision)).next_expected_revision;
  }
  return revision;
}

async function expectRetryReturns(
  store: EventStore,
  stream: string,
  events: readonly NewEvent[],
  expected: Parameters<EventStore['append']>[2],
  original: AppendResult,
) {
  const events_before = (await collect(store.readStream(stream), 5_000)).length;
  expect(await store.append(stream, events, expected)).toEqual(original);
  expect(await collect(store.readStream(stream), 5_000)).toHaveLength(events_before);
}

/**
 * What a store must hold in production (a long-lived log, many writers): idempotency at any
 * depth, large batches, and `any` appends under contention from several store instances.
 */
export function describeProductionContract(context: ProductionContractContext): void {
  const { store } = context;

  describe('idempotency at any depth', () => {
    it('answers a retry of an explicit-revision append after 1,100 later events', async () => {
      const stream = uniqueStream('deep_explicit');
      await store().append(stream, numberedEvents(2), NO_STREAM);
      const batch = numberedEvents(3);
      const original = await store().append(stream, batch, 1n);
      await appendLater(store(), stream, original.next_expected_revision, LATER_EVENTS);

      await expectRetryReturns(store(), stream, batch, 1n, original);
      const altered = [{ ...batch[0]!, data: { altered: true } }, ...batch.slice(1)];
      const error = await caught(store().append(stream, altered, 1n));
      expect(error).toBeInstanceOf(EventIdConflict);
      expect(error).toMatchObject({ stream, event_id: batch[0]!.id });
    });

    it('answers a retry of an `any` append after 1,100 later events', async () => {
      const stream = uniqueStream('deep_any');
      await store().append(stream, numberedEvents(2), NO_STREAM);
      const batch = numberedEvents(2);
      const original = await store().append(stream, batch, ANY);
      expect(original.next_expected_revision).toBe(3n);
      await appendLater(store(), stream, original.next_expected_revision, LATER_EVENTS);

      await expectRetryReturns(store(), stream, batch, ANY, original);
      const altered = [{ ...batch[0]!, data: { altered: true } }, batch[1]!];
      expect(await caught(store().append(stream, altered, ANY))).toBeInstanceOf(EventIdConflict);
    });

    it('answers a retried 1,500-event batch, at once and after 1,100 later events', async () => {
      const stream = uniqueStream('big_batch');
      const batch = numberedEvents(BIG_BATCH_EVENTS);
      const original = await store().append(stream, batch, NO_STREAM);
      expect(original.next_expected_revision).toBe(BigInt(BIG_BATCH_EVENTS - 1));

      await expectRetryReturns(store(), stream, batch, NO_STREAM, original);
      await appendLater(store(), stream, original.next_expected_revision, LATER_EVENTS);
      await expectRetryReturns(store(), stream, batch, NO_STREAM, original);
      const events = await collect(store().readStream(stream), 5_000);
      expect(verifyStreamChain(events)).toMatchObject({ ok: true });
    });
  });

  describe('`any` under contention', () => {
    it(`lands all of ${CONCURRENT_APPENDS} concurrent \`any\` appends from ${STORE_INSTANCES} stores, chained`, async () => {
      const stream = uniqueStream('contended');
      const others = await Promise.all(
        Array.from({ length: STORE_INSTANCES - 1 }, () => context.openAnother()),
      );
      const stores = [store(), ...others];
      try {
        const batches = Array.from({ length: CONCURRENT_APPENDS }, () => numberedEvents(1, 'Any'));
        const outcomes = await Promise.allSettled(
          batches.map((batch, index) => stores[index % stores.length]!.append(stream, batch, ANY)),
        );
        const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(failed).toEqual([]);

        const events = await collect(store().readStream(stream));
        expect(events.map((event) => event.revision)).toEqual(
          Array.from({ length: CONCURRENT_APPENDS }, (_, index) => BigInt(index)),
        );
        expect(new Set(events.map((event) => event.id))).toEqual(
          new Set(batches.map((batch) => batch[0]!.id)),
        );
        expect(verifyStreamChain(events)).toMatchObject({ ok: true, events_checked: 100 });
      } finally {
        await Promise.all(others.map((other) => other.close()));
      }
    }, 60_000);
  });
}
