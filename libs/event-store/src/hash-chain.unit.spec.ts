import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from './event-store.port.js';
import {
  eventCanonicalJson,
  eventHash,
  GENESIS_HASH,
  sameEventContent,
  verifyStreamChain,
} from './hash-chain.js';

const metadata = {
  schema_version: 1,
  occurred_at: '2026-01-01T10:00:00+01:00',
  correlation_id: 'c-1',
  causation_id: null,
  principal: 'admin',
};

function event(index: number): NewEvent {
  return { id: `id-${index}`, type: 'CdrPosted', data: { index }, metadata };
}

function recorded(events: NewEvent[], stream = 's'): RecordedEvent[] {
  let previous = GENESIS_HASH;
  return events.map((item, index) => {
    const hash = eventHash(previous, item);
    previous = hash;
    return {
      ...item,
      stream,
      revision: BigInt(index),
      position: BigInt(index + 1),
      recorded_at: '2026-01-01T09:00:00.000Z',
      hash,
    };
  });
}

describe('hash chain', () => {
  it('hashes the previous hash followed by the canonical {id, type, data, metadata}', () => {
    const canonical =
      '{"data":{"index":0},"id":"id-0","metadata":{"causation_id":null,"correlation_id":"c-1",' +
      '"occurred_at":"2026-01-01T10:00:00+01:00","principal":"admin","schema_version":1},' +
      '"type":"CdrPosted"}';
    expect(eventCanonicalJson(event(0))).toBe(canonical);
    const expected = createHash('sha256')
      .update('0'.repeat(64) + canonical)
      .digest('hex');
    expect(eventHash(GENESIS_HASH, event(0))).toBe(expected);
  });

  it('verifies a stream whose hashes link, and finds the first broken link', () => {
    const events = recorded([event(0), event(1), event(2)]);
    expect(verifyStreamChain(events)).toEqual({
      ok: true,
      events_checked: 3,
      last_hash: events[2]!.hash,
    });
    const tampered = events.map((item, index) =>
      index === 1 ? { ...item, type: 'CdrVoided' } : item,
    );
    expect(verifyStreamChain(tampered)).toMatchObject({ ok: false, revision: 1n });
    expect(verifyStreamChain([events[0]!, events[2]!])).toMatchObject({ ok: false, revision: 2n });
    const mixed = [events[0]!, { ...events[1]!, stream: 'other' }];
    expect(verifyStreamChain(mixed)).toMatchObject({ ok: false, revision: 1n });
    expect(verifyStreamChain(events.slice(1), events[0]!.hash)).toMatchObject({ ok: true });
  });

  it('compares event content canonically', () => {
    const original = event(1);
    const reordered = { ...original, data: { index: 1 }, metadata: { ...metadata } };
    expect(sameEventContent(original, reordered)).toBe(true);
    expect(
      sameEventContent(
        { ...original, data: { amount: 5n } },
        { ...original, data: { amount: '5' } },
      ),
    ).toBe(true);
    expect(sameEventContent(original, { ...original, data: { index: 2 } })).toBe(false);
    expect(sameEventContent(original, { ...original, id: 'other' })).toBe(false);
  });
});
