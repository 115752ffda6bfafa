import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANY,
  type EventStore,
  openSqliteEventStore,
  STREAM_ALIASES_STREAM,
  migrateStreamAliases,
} from '#event-store';
import { canonicalJson, ciStreamName } from '#ocpi';
import { validCdr } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';
import { CI_STREAM_PREFIXES } from '../infrastructure/event-store.provider.js';

/**
 * Streams written before CiString folding named a CDR by its id as sent (`cdr-DE-ABC-leg1`).
 * Such a log is rebuilt here the way the old version wrote it: every event copied, the CDR's
 * stream, id and content hash (exact text, no `ci1:` rule) as that version made them.
 */
async function legacyCopy(source_dir: string, renames: Map<string, string>): Promise<string> {
  const target_dir = mkdtempSync(join(tmpdir(), 'ledger-legacy-'));
  const source = openSqliteEventStore({ path: join(source_dir, 'events.sqlite') });
  const target = openSqliteEventStore({ path: join(target_dir, 'events.sqlite') });
  try {
    for await (const event of source.readAll()) {
      const legacy_id = renames.get(event.stream);
      const stream = legacy_id === undefined ? event.stream : `cdr-DE-ABC-${legacy_id}`;
      const data = legacy_id === undefined ? event.data : asLegacyCdrEvent(event.data, legacy_id);
      await target.append(stream, [{ ...event, data }], ANY);
    }
  } finally {
    await source.close();
    await target.close();
  }
  return target_dir;
}

function asLegacyCdrEvent(data: unknown, legacy_id: string): unknown {
  const record: Record<string, unknown> = {
    ...(data as Record<string, unknown>),
    cdr_id: legacy_id,
  };
  if (record.cdr !== undefined) {
    const cdr = { ...(record.cdr as Record<string, unknown>), id: legacy_id };
    record.cdr = cdr;
    record.content_hash = hash('sha256', canonicalJson(cdr), 'hex');
  }
  return record;
}

async function postedLog(ids: readonly string[]): Promise<string> {
  const api = await ApiHarness.start();
  await api.registerSettlement();
  const cpo = api.ocpiToken(CPO_TOKEN);
  for (const id of ids) {
    const response = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', cpo)
      .send(validCdr({ id }));
    expect(response.status).toBe(201);
  }
  await api.stop({ keep_data: true });
  return api.data_dir;
}

describe('CDR streams written before CiString folding (alias read)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('finds a legacy CDR by any case: a redelivery is a duplicate, never a second posting', async () => {
    const source = await postedLog(['LEG1']);
    const legacy = await legacyCopy(source, new Map([['cdr-DE-ABC-LEG1', 'leg1']]));
    dirs.push(source, legacy);
    const api = await ApiHarness.start(legacy);
    try {
      const cpo = api.ocpiToken(CPO_TOKEN);
      const post = (id: string, overrides = {}) =>
        api
          .http()
          .post('/ocpi/2.2.1/cdrs')
          .set('Authorization', cpo)
          .send(validCdr({ id, ...overrides }));
      expect((await post('LEG1')).status).toBe(200);
      expect((await post('leg1')).status).toBe(200);
      expect((await post('Leg1', { total_cost: { excl_vat: 9, incl_vat: 9.9 } })).status).toBe(409);
      const view = await api.http().get('/v1/cdrs/DE/ABC/LEG1').set('Authorization', api.admin());
      expect(view.status).toBe(200);
      expect(view.body.status).toBe('POSTED');
      expect(view.body.cdr.id).toBe('leg1');
      const balances = await api
        .http()
        .get('/v1/partners/NL/XYZ/balances')
        .set('Authorization', api.admin());
      expect(balances.body.balances).toEqual([
        expect.objectContaining({ currency: 'EUR', amount: '-2.75' }),
      ]);
    } finally {
      await api.stop({ keep_data: true });
    }
    // The migration is recorded once, then read back on every start.
    const store = openSqliteEventStore({ path: join(legacy, 'events.sqlite') });
    try {
      const recorded = await typesOf(store, STREAM_ALIASES_STREAM);
      expect(recorded).toEqual(['StreamAliasesRecorded', 'StreamAliasesMigrated']);
      const again = await migrate(store);
      expect(again.migrated).toBe(false);
      expect([...again.aliases]).toEqual([['cdr-DE-ABC-LEG1', 'cdr-DE-ABC-leg1']]);
      expect(await typesOf(store, STREAM_ALIASES_STREAM)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('reports streams already received twice under one CiString id as duplicates', async () => {
    const source = await postedLog(['DUP1', 'DUP2']);
    // DUP2 was once received as `dup1`: the double billing the folding rule now prevents.
    const legacy = await legacyCopy(source, new Map([['cdr-DE-ABC-DUP2', 'dup1']]));
    dirs.push(source, legacy);
    const store = openSqliteEventStore({ path: join(legacy, 'events.sqlite') });
    try {
      const migration = await migrate(store);
      expect(migration.migrated).toBe(true);
      expect(migration.aliases.size).toBe(0);
      expect(migration.duplicates).toEqual([
        { canonical: 'cdr-DE-ABC-DUP1', legacy: 'cdr-DE-ABC-dup1' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('writes nothing on an empty log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-empty-'));
    dirs.push(dir);
    const store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    try {
      const migration = await migrate(store);
      expect(migration).toMatchObject({ migrated: false, duplicates: [] });
      expect(await store.headPosition()).toBe(0n);
    } finally {
      await store.close();
    }
  });
});

function migrate(store: EventStore) {
  return migrateStreamAliases(store, {
    canonical: (stream) => ciStreamName(stream, CI_STREAM_PREFIXES),
    principal: 'test',
    now: () => '2026-12-03T00:00:00Z',
  });
}

async function typesOf(store: EventStore, stream: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of store.readStream(stream)) types.push(event.type);
  return types;
}
