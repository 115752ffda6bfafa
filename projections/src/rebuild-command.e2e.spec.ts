import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, openSqliteEventStore } from '#event-store';
import { BalanceQueries } from './balances/balances.queries.js';
import { ALL_PROJECTIONS } from './index.js';
import { LedgerTraffic } from '../../bench/ledger-traffic.js';
import { openReadModels, readModelsPath } from './read-models.js';

/** `bin/ledger rebuild` as an operator runs it (needs the compiled dist, like bin/ledger). */
const LEDGER = join(process.cwd(), 'bin', 'ledger');

describe('bin/ledger rebuild', () => {
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-cli-'));
  let head = 0n;

  beforeAll(async () => {
    const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
    let state = 99;
    const random = () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
    const traffic = new LedgerTraffic(random, {
      cpo_count: 2,
      emsp_count: 2,
      start_ms: Date.parse('2026-01-01T00:00:00Z'),
      step_ms_max: 3_600_000,
    });
    const batches = traffic.agreementBatches();
    for (let index = 0; index < 300; index += 1) batches.push(...traffic.next());
    for (const batch of batches)
      head = (await store.append(batch.stream, batch.events, ANY)).position;
    await store.close();
  });
  afterAll(() => rmSync(data_dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [LEDGER, 'rebuild', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', LEDGER_DATA_DIR: data_dir, LEDGER_EVENT_STORE: '' },
    });

  it('replays the log into every projection, progress on stderr, a JSON summary on stdout', () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('events/s');
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      projections: ALL_PROJECTIONS.map((projection) => projection.name),
      checkpoint: head.toString(),
    });
    // Only the events of types some projection reads are read (here: all but CdrCredited).
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.events).toBeLessThanOrEqual(Number(head));
    const db = openReadModels(readModelsPath(data_dir));
    const balances = new BalanceQueries(db);
    const parties = db.prepare('SELECT DISTINCT party FROM balance_current').all() as {
      party: string;
    }[];
    expect(parties.length).toBeGreaterThan(0);
    let total_minor = 0n;
    for (const { party } of parties) {
      for (const balance of balances.balancesOf(party, null)) total_minor += balance.amount_minor;
    }
    expect(total_minor).toBe(0n);
    db.close();
  });

  it('rebuilds one projection by name; an unknown name is a usage error (exit 2)', () => {
    const one = run('--projection', 'balances');
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout.trim()).projections).toEqual(['balances']);
    const unknown = run('--projection', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown projection 'nope'");
  });
});
