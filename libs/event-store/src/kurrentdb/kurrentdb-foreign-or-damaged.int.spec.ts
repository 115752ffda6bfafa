/**
 * The rule that tells a foreign event from a damaged one (README "Foreign and damaged events"),
 * against the in-process double: an event without the ledger's envelope marks is foreign only in
 * a stream that holds no ledger event; in one that does, or in a stream the ledger reads by name,
 * it is damage. An event with the marks whose data does not decode is damage wherever it is.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { DamagedEvent, NO_STREAM, type LogEntry } from '../event-store.port.js';
import {
  caught,
  collect,
  numberedEvents,
  readerOf,
  uniqueStream,
} from '../test-support/contract-fixtures.js';
import { createKurrentDbEventStore, type KurrentDbEventStore } from './kurrentdb-event-store.js';
import { startKurrentDbDouble, type KurrentDbDouble } from './test-support/kurrentdb-double.js';

/** Another application's well-formed JSON event: its own metadata, none of our marks. */
function unmarkedEvent() {
  return {
    id: randomUUID(),
    type: 'SomethingElse',
    contentType: 'application/json',
    data: Buffer.from('{"a":1}'),
    customMetadata: Buffer.from('{"user":"another-app","$correlationId":"x"}'),
  };
}

function placeOf(entry: LogEntry): [string, string, bigint] {
  return entry.kind === 'event'
    ? ['event', entry.event.stream, entry.event.revision]
    : ['damaged', entry.damage.stream, entry.damage.revision];
}

describe('KurrentDB adapter: foreign or damaged (in-process gRPC double)', () => {
  let double: KurrentDbDouble;
  let store: KurrentDbEventStore;

  beforeEach(async () => {
    double = await startKurrentDbDouble();
    store = await createKurrentDbEventStore(double.connectionString);
  });
  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('an unmarked event in a stream holding ledger events is damage to every reader, not foreign', async () => {
    const ledger = uniqueStream('ledger');
    const start = await store.headPosition();
    await store.append(ledger, numberedEvents(2), NO_STREAM);
    // Another writer (or a hand-edit stripping our envelope) puts an unmarked event in it.
    double.log.appendForeign(ledger, unmarkedEvent());

    const from_all = await caught(collect(store.readAll({ after_position: start })));
    expect(from_all).toBeInstanceOf(DamagedEvent);
    expect((from_all as DamagedEvent).damage).toMatchObject({
      stream: ledger,
      revision: 2n,
      reason: 'metadata carries no hash',
    });
    expect(await caught(collect(store.readStream(ledger)))).toBeInstanceOf(DamagedEvent);
    const audit = await collect(store.readAllForAudit({ after_position: start }));
    expect(audit.map(placeOf)).toEqual([
      ['event', ledger, 0n],
      ['event', ledger, 1n],
      ['damaged', ledger, 2n],
    ]);
    const subscription = readerOf(store.subscribeToAll({ after_position: start }));
    try {
      expect(await caught(subscription.take(3))).toBeInstanceOf(DamagedEvent);
    } finally {
      await subscription.close();
    }
    // Ours, damaged: the head is there, and nothing was counted as foreign.
    expect(await store.headPosition()).toBe(
      audit[2]!.kind === 'damaged' && audit[2].damage.position,
    );
    expect(store.statistics.foreign_events_skipped).toBe(0);
    // Nothing chains onto it either.
    expect(await caught(store.append(ledger, numberedEvents(1), 2n))).toBeInstanceOf(DamagedEvent);
  });

  it('the same event in a stream of its own is foreign: skipped and counted by $all readers', async () => {
    const ledger = uniqueStream('ledger');
    const other = uniqueStream('other_app');
    const start = await store.headPosition();
    const ours = await store.append(ledger, numberedEvents(1), NO_STREAM);
    double.log.appendForeign(other, unmarkedEvent());
    double.log.appendForeign(other, unmarkedEvent());

    expect((await collect(store.readAll({ after_position: start }))).map((e) => e.stream)).toEqual([
      ledger,
    ]);
    const audit = await collect(store.readAllForAudit({ after_position: start }));
    expect(audit.map(placeOf)).toEqual([['event', ledger, 0n]]);
    expect(await store.headPosition()).toBe(ours.position);
    expect(store.statistics.foreign_events_skipped).toBeGreaterThanOrEqual(5);
    // A stream the ledger reads by name is the ledger's: nothing in it is skipped silently.
    expect(await caught(collect(store.readStream(other)))).toBeInstanceOf(DamagedEvent);
  });

  it('an event with our marks whose data is not JSON is damage even alone in its stream', async () => {
    const lonely = uniqueStream('lonely');
    const start = await store.headPosition();
    await store.append(lonely, numberedEvents(1), NO_STREAM);
    double.log.damage(lonely, 0n, { data: Buffer.from('{"n":', 'utf8') });

    const audit = await collect(store.readAllForAudit({ after_position: start }));
    expect(audit.map(placeOf)).toEqual([['damaged', lonely, 0n]]);
    expect(await caught(collect(store.readAll({ after_position: start })))).toBeInstanceOf(
      DamagedEvent,
    );
    expect(store.statistics.foreign_events_skipped).toBe(0);
  });

  it('an unmarked event at revision 0 of a ledger stream is damage: the stream is looked at', async () => {
    const ledger = uniqueStream('ledger');
    const start = await store.headPosition();
    await store.append(ledger, numberedEvents(3), NO_STREAM);
    double.log.damage(ledger, 0n, { customMetadata: Buffer.from('not json') });

    const audit = await collect(store.readAllForAudit({ after_position: start }));
    expect(audit.map(placeOf)).toEqual([
      ['damaged', ledger, 0n],
      ['event', ledger, 1n],
      ['event', ledger, 2n],
    ]);
    const first = audit[0]!;
    expect(first.kind === 'damaged' && first.damage.reason).toBe('metadata is not JSON');
  });
});
