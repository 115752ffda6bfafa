import { type RecordedEvent, MissingUpcaster, upcasterSet } from '#event-store';
import { EVENT_CATALOG, schemaVersionOf } from './event-catalog.js';
import { LEDGER_UPCASTERS, UPCASTERS } from './upcasters.js';

function recorded(type: string, schema_version: number, data: unknown): RecordedEvent {
  return {
    id: 'e-1',
    type,
    data,
    metadata: {
      schema_version,
      occurred_at: '2026-01-01T00:00:00Z',
      correlation_id: 'c-1',
      causation_id: null,
      principal: 'admin',
    },
    stream: 'cdr-DE-ABC-1',
    revision: 0n,
    position: 1n,
    recorded_at: '2026-01-01T00:00:00Z',
    hash: '0'.repeat(64),
  };
}

const V1_CONTEXT = {
  agreement_id: 'A',
  agreement_version: 1,
  tariff: { tariff_id: 'T1', version: '0' },
  embedded_tariff: { status: 'ABSENT' },
  time_zone: 'Europe/Berlin',
  ledger_price: null,
};

describe('event schemas and upcasters', () => {
  it('given a CdrReceived of version 1, readers get version 2: sources said, never guessed', () => {
    const old = recorded('CdrReceived', 1, { cdr_id: 'CDR1', context: V1_CONTEXT });
    const current = LEDGER_UPCASTERS.upcastEvent(old);
    expect(current.metadata.schema_version).toBe(2);
    expect(current.data).toEqual({
      cdr_id: 'CDR1',
      context: {
        ...V1_CONTEXT,
        tariff: { tariff_id: 'T1', version: '0', source: 'CDR' },
        time_zone_source: 'NOT_RECORDED',
      },
    });
    // The stored event is untouched (its hash is over the stored form).
    expect(old.data).toEqual({ cdr_id: 'CDR1', context: V1_CONTEXT });
  });

  it('keeps what a version 1 event did record, and no time zone means no source', () => {
    const old = recorded('CdrReassessed', 1, {
      context: {
        ...V1_CONTEXT,
        tariff: { ...V1_CONTEXT.tariff, source: 'CONNECTOR' },
        time_zone: null,
      },
    });
    const current = LEDGER_UPCASTERS.upcastEvent(old).data as { context: Record<string, unknown> };
    expect(current.context.tariff).toEqual({ tariff_id: 'T1', version: '0', source: 'CONNECTOR' });
    expect(current.context.time_zone_source).toBeNull();
  });

  it('passes events already in the current version (or a newer one) through unchanged', () => {
    const now = recorded('CdrReceived', 2, { context: { time_zone_source: 'LOCATION' } });
    expect(LEDGER_UPCASTERS.upcastEvent(now)).toBe(now);
    const other = recorded('PaymentRecorded', 1, { payment_id: 'P' });
    expect(LEDGER_UPCASTERS.upcastEvent(other)).toBe(other);
  });

  it('refuses an old version it has no upcaster for (a gap in the chain is a bug)', () => {
    const set = upcasterSet({ Thing: 3 }, [
      { type: 'Thing', from_version: 2, upcast: (data) => ({ ...data }) },
    ]);
    expect(() => set.upcastEvent(recorded('Thing', 1, {}))).toThrow(MissingUpcaster);
    expect(set.upcastEvent(recorded('Thing', 2, {})).metadata.schema_version).toBe(3);
  });

  it('has an upcaster for every version below the current one of every catalogued type', () => {
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(schemaVersionOf(type)).toBe(entry.version);
      for (let version = 1; version < entry.version; version += 1) {
        expect(UPCASTERS.some((u) => u.type === type && u.from_version === version)).toBe(true);
      }
    }
  });
});
