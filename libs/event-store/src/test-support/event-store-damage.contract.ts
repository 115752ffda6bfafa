import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DamagedEvent,
  NO_STREAM,
  type EventStore,
  type LogEntry,
  type RecordedEvent,
} from '../event-store.port.js';
import { caught, collect, numberedEvents, uniqueStream } from './contract-fixtures.js';

/** The part of a stored event a test overwrites with text that is not JSON. */
export type StoredEventPart = 'data' | 'metadata';

/** Damages one stored event behind the adapter's back, as a disk or a hand-edit would. */
export type EventDamager = (
  stream: string,
  revision: bigint,
  part: StoredEventPart,
) => Promise<void>;

export type DamageableEventStoreFactory = () => Promise<{
  store: EventStore;
  damage: EventDamager;
  cleanup: () => Promise<void>;
}>;

/** Where an entry of an audit read lies, whichever kind it is. */
function placeOf(entry: LogEntry): [string, string, bigint, bigint] {
  return entry.kind === 'event'
    ? ['event', entry.event.stream, entry.event.revision, entry.event.position]
    : ['damaged', entry.damage.stream, entry.damage.revision, entry.damage.position];
}

/**
 * The audit read of an intact log, for every adapter (called by describeEventStoreContract, so it
 * also runs against a shared real server): the same events as readAll, in the same order.
 */
export function describeAuditReadContract(store: () => EventStore): void {
  it('readAllForAudit of an intact log yields the events of readAll, in order', async () => {
    const [a, b] = [uniqueStream('audit_a'), uniqueStream('audit_b')];
    const start = await store().headPosition();
    await store().append(a, numberedEvents(2), NO_STREAM);
    await store().append(b, numberedEvents(1), NO_STREAM);
    const ours = (stream: string) => stream === a || stream === b;
    const events = (await collect(store().readAll({ after_position: start }))).filter((event) =>
      ours(event.stream),
    );
    const entries = await collect(store().readAllForAudit({ after_position: start }));
    const audited = entries.filter(
      (entry) => placeOf(entry)[0] === 'damaged' || ours(placeOf(entry)[1]),
    );
    expect(audited).toEqual(events.map((event) => ({ kind: 'event', event })));
    expect(events).toHaveLength(3);
  });
}

/**
 * How every adapter meets a stored event that no longer decodes, for adapters whose store a test
 * can damage: strict reads throw DamagedEvent (never skip, never hand over garbage); the audit
 * read reports it where it lies and reads on.
 */
export function describeDamagedEventContract(
  name: string,
  factory: DamageableEventStoreFactory,
): void {
  describe(`EventStore contract, damaged events: ${name}`, () => {
    let store: EventStore;
    let damage: EventDamager;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, damage, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    /** Two streams interleaved; revision 1 of the first is then damaged. */
    async function logWithDamage(part: StoredEventPart) {
      const start = await store.headPosition();
      const [damaged, intact] = [uniqueStream('damaged'), uniqueStream('intact')];
      await store.append(damaged, numberedEvents(3), NO_STREAM);
      await store.append(intact, numberedEvents(2), NO_STREAM);
      await store.append(damaged, numberedEvents(1), 2n);
      const ours = (event: RecordedEvent) => event.stream === damaged || event.stream === intact;
      const before = (await collect(store.readAll({ after_position: start }))).filter(ours);
      await damage(damaged, 1n, part);
      return { start, damaged, intact, before, victim: before[1]! };
    }

    it.each<StoredEventPart>(['data', 'metadata'])(
      'strict reads throw DamagedEvent naming stream, revision, position and why (%s)',
      async (part) => {
        const { start, damaged, victim } = await logWithDamage(part);
        const expected = {
          stream: damaged,
          revision: 1n,
          position: victim.position,
          id: victim.id,
          type: victim.type,
          reason: expect.stringContaining(part),
        };
        const from_all = await caught(collect(store.readAll({ after_position: start })));
        expect(from_all).toBeInstanceOf(DamagedEvent);
        expect((from_all as DamagedEvent).damage).toEqual(expected);
        const from_stream = await caught(collect(store.readStream(damaged)));
        expect((from_stream as DamagedEvent).damage).toEqual(expected);
        const intact_part = await collect(store.readStream(damaged, { max_count: 1 }));
        expect(intact_part.map((event) => event.revision)).toEqual([0n]);
      },
    );

    it.each<StoredEventPart>(['data', 'metadata'])(
      'readAllForAudit reports the damaged event where it lies and reads on (%s)',
      async (part) => {
        const { start, damaged, intact, before, victim } = await logWithDamage(part);
        const entries = (await collect(store.readAllForAudit({ after_position: start }))).filter(
          (entry) => [damaged, intact].includes(placeOf(entry)[1]),
        );
        expect(entries.map(placeOf)).toEqual(
          before.map((event) => [
            event.id === victim.id ? 'damaged' : 'event',
            event.stream,
            event.revision,
            event.position,
          ]),
        );
        const found = entries[1]!;
        expect(found.kind === 'damaged' && found.damage.reason).toContain(part);
        const decoded = entries.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
        expect(decoded).toEqual(before.filter((event) => event.id !== victim.id));
      },
    );
  });
}
