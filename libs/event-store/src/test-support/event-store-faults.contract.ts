import { describe, expect, it } from '@jest/globals';
import { ANY, EventStoreUnavailable, NO_STREAM, type EventStore } from '../event-store.port.js';
import { verifyStreamChain } from '../hash-chain.js';
import { caught, collect, newEvent, readerOf, uniqueStream } from './contract-fixtures.js';

/**
 * What a store on a server can be made to suffer, for adapters whose test server can play it
 * (the KurrentDB double); an embedded store has no such faults and runs without this part.
 */
export interface LogFaults {
  /** Reads that need not be current come from a node `events` behind the log (0: none). */
  lagReads(events: number): void;
  /** Writes another application's event to the log: binary, JSON without our envelope, or
   * malformed JSON. */
  writeForeignEvent(stream: string, kind: 'binary' | 'json' | 'malformed'): void;
  /** false: the server takes every call and never answers; true: it answers again. */
  setAnswering(answering: boolean): void;
  /** A store on the same log whose reads that need not be current may go to a lagging node. */
  openFollowerReader(): Promise<EventStore>;
  /** A store on the same log with short time limits (about a second) and one resubscription. */
  openWithShortDeadlines(): Promise<EventStore>;
}

export function describeFaultContract(store: () => EventStore, faults: () => LogFaults): void {
  describe('server faults', () => {
    it('keeps the chain when reads come from a lagging node', async () => {
      const store = await faults().openFollowerReader();
      try {
        const stream = uniqueStream('lagging');
        await store.append(stream, [newEvent(), newEvent(), newEvent()], NO_STREAM);
        faults().lagReads(2);
        const lagging = await collect(store.readStream(stream));
        expect(lagging.length).toBeLessThan(3);

        expect((await store.append(stream, [newEvent()], 2n)).next_expected_revision).toBe(3n);
        expect((await store.append(stream, [newEvent()], ANY)).next_expected_revision).toBe(4n);
        faults().lagReads(0);
        const events = await collect(store.readStream(stream));
        expect(verifyStreamChain(events)).toMatchObject({ ok: true, events_checked: 5 });
      } finally {
        faults().lagReads(0);
        await store.close();
      }
    });

    it('skips foreign events in readAll, headPosition and subscribeToAll', async () => {
      const stream = uniqueStream('among_foreign');
      const start = await store().headPosition();
      const first = await store().append(stream, [newEvent()], NO_STREAM);
      for (const kind of ['binary', 'json', 'malformed'] as const) {
        faults().writeForeignEvent(uniqueStream(`foreign_${kind}`), kind);
      }
      expect(await store().headPosition()).toBe(first.position);
      const after_start = await collect(store().readAll({ after_position: start }));
      expect(after_start.map((event) => event.stream)).toEqual([stream]);
      const subscription = readerOf(store().subscribeToAll({ after_position: start }));
      try {
        const second = await store().append(stream, [newEvent()], 0n);
        const delivered = await subscription.take(2);
        expect(delivered.map((event) => event.position)).toEqual([first.position, second.position]);
      } finally {
        await subscription.close();
      }
    });

    it('fails a subscription with EventStoreUnavailable when the server never confirms it', async () => {
      const store = await faults().openWithShortDeadlines();
      try {
        faults().setAnswering(false);
        const started = Date.now();
        const error = await caught(readerOf(store.subscribeToAll()).take(1, 20_000));
        expect(error).toBeInstanceOf(EventStoreUnavailable);
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        faults().setAnswering(true);
        await store.close();
      }
    });

    it('fails an append with EventStoreUnavailable when the server stops answering; a retry lands it once', async () => {
      const impatient = await faults().openWithShortDeadlines();
      try {
        const stream = uniqueStream('stalled');
        await store().append(stream, [newEvent()], NO_STREAM);
        const batch = [newEvent()];
        faults().setAnswering(false);
        const stalled = await caught(impatient.append(stream, batch, 0n));
        expect(stalled).toBeInstanceOf(EventStoreUnavailable);

        faults().setAnswering(true);
        const retried = await store().append(stream, batch, 0n);
        expect(await store().append(stream, batch, 0n)).toEqual(retried);
        expect(await collect(store().readStream(stream))).toHaveLength(2);
      } finally {
        faults().setAnswering(true);
        await impatient.close();
      }
    });
  });
}
