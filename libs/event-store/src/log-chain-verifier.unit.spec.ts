import type { LogEntry, RecordedEvent } from './event-store.port.js';
import { eventHash, GENESIS_HASH } from './hash-chain.js';
import { LogChainVerifier } from './log-chain-verifier.js';

const metadata = {
  schema_version: 1,
  occurred_at: '2026-11-01T00:00:00Z',
  correlation_id: 'c0ffee00-0000-4000-8000-000000000000',
  causation_id: null,
  principal: 'admin',
};

/** Builds a correctly chained stream of `count` events starting at global `position`. */
function chained(stream: string, count: number, position: bigint): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let previous = GENESIS_HASH;
  for (let revision = 0; revision < count; revision += 1) {
    const base = {
      id: `00000000-0000-4000-8000-${String(position + BigInt(revision)).padStart(12, '0')}`,
      type: 'Thing',
      data: { n: revision },
      metadata,
    };
    const hash = eventHash(previous, base);
    events.push({
      ...base,
      stream,
      revision: BigInt(revision),
      position: position + BigInt(revision),
      recorded_at: '2026-11-01T00:00:00.000Z',
      hash,
    });
    previous = hash;
  }
  return events;
}

describe('LogChainVerifier', () => {
  it('accepts interleaved, correctly chained streams', () => {
    const verifier = new LogChainVerifier();
    const a = chained('a', 3, 1n);
    const b = chained('b', 2, 10n);
    for (const event of [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!])
      expect(verifier.check(event)).toBeNull();
    expect(verifier.summary()).toEqual({
      events_checked: 5,
      events_damaged: 0,
      streams: 2,
      violations: [],
    });
  });

  it('reports altered data once per stream, naming stream, revision and reason', () => {
    const verifier = new LogChainVerifier();
    const [first, second, third] = chained('cdr-DE-ABC-1', 3, 1n);
    verifier.check(first!);
    const altered = { ...second!, data: { n: 99 } };
    expect(verifier.check(altered)).toMatchObject({
      stream: 'cdr-DE-ABC-1',
      revision: '1',
      reason: 'hash does not chain',
    });
    expect(verifier.check(third!)).toBeNull();
    expect(verifier.summary().violations).toHaveLength(1);
  });

  it('reports a stream whose first event is missing (truncated at its start)', () => {
    const verifier = new LogChainVerifier();
    const [, second] = chained('s', 2, 1n);
    expect(verifier.check(second!)).not.toBeNull();
  });

  it('reports a replayed or skipped revision', () => {
    const verifier = new LogChainVerifier();
    const [first] = chained('s', 1, 1n);
    verifier.check(first!);
    expect(verifier.check(first!)).not.toBeNull();
  });

  it('reports a damaged event as a break of its stream and goes on with the others', () => {
    const verifier = new LogChainVerifier();
    const a = chained('cdr-DE-ABC-1', 3, 1n);
    const b = chained('cdr-DE-ABC-2', 2, 10n);
    const damage = {
      stream: 'cdr-DE-ABC-1',
      revision: 1n,
      position: 2n,
      id: a[1]!.id,
      type: 'Thing',
      reason: 'data is not JSON (Unexpected end of JSON input)',
    };
    const entries: LogEntry[] = [
      { kind: 'event', event: a[0]! },
      { kind: 'event', event: b[0]! },
      { kind: 'damaged', damage },
      { kind: 'event', event: a[2]! },
      { kind: 'event', event: b[1]! },
    ];
    const found = entries.map((entry) => verifier.checkEntry(entry));
    expect(found).toEqual([null, null, expect.anything(), null, null]);
    expect(verifier.summary()).toEqual({
      events_checked: 5,
      events_damaged: 1,
      streams: 2,
      violations: [
        {
          stream: 'cdr-DE-ABC-1',
          revision: '1',
          position: '2',
          reason: 'event cannot be read: data is not JSON (Unexpected end of JSON input)',
        },
      ],
    });
  });

  it('keeps at most violations_max violations', () => {
    const verifier = new LogChainVerifier(2);
    for (let index = 0; index < 5; index += 1) {
      const [, second] = chained(`s${index}`, 2, BigInt(index * 10));
      verifier.check(second!);
    }
    expect(verifier.summary().violations).toHaveLength(2);
  });
});
