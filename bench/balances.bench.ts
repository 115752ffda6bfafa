/**
 * `npm run bench -- balances [--events N] [--queries N]`: balance queries on the read models of
 * the cached 1,000,000-event store (bench/rebuild.bench.ts generates it; the read models are
 * rebuilt here if missing or stale): the balance now and as of a random moment, for random
 * parties, p50 / p99 in ms. Progress on stderr; last stdout line one JSON object.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import {
  BalanceQueries,
  BALANCES_PROJECTION,
  balancesProjection,
  Checkpoints,
  openReadModels,
} from '#projections';
import { benchDir, ensureBenchStore, eventsArgument, rebuildInto } from './rebuild.bench.js';
import { seeded } from './ledger-traffic.js';

const QUERIES_DEFAULT = 5000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function headOf(events_path: string): Promise<bigint> {
  const store = openSqliteEventStore({ path: events_path });
  const head = await store.headPosition();
  await store.close();
  return head;
}

function timeQueries(count: number, query: (index: number) => void): number[] {
  const durations_ms: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    query(index);
    durations_ms.push(performance.now() - started);
  }
  return durations_ms.sort((a, b) => a - b);
}

export async function run(args: string[]): Promise<void> {
  const events = eventsArgument(args);
  const queries_index = args.indexOf('--queries');
  const queries = queries_index >= 0 ? Number(args[queries_index + 1]) : QUERIES_DEFAULT;
  const events_path = ensureBenchStore(events);
  const read_models_path = join(benchDir(events), 'read-models.sqlite');
  const head = await headOf(events_path);
  let db = openReadModels(read_models_path);
  const stored = new Checkpoints(db).get(BALANCES_PROJECTION);
  const current =
    stored !== null && stored.position === head && stored.version === balancesProjection.version;
  if (!existsSync(read_models_path) || !current) {
    db.close();
    process.stderr.write('read models missing or stale: rebuilding\n');
    await rebuildInto(events_path, read_models_path);
    db = openReadModels(read_models_path);
  }
  const parties = (
    db.prepare('SELECT DISTINCT party FROM balance_current').all() as { party: string }[]
  ).map((row) => row.party);
  const range = db
    .prepare(
      'SELECT min(ledger_time_ms) AS first_ms, max(ledger_time_ms) AS last_ms FROM balance_entries',
    )
    .get() as { first_ms: number; last_ms: number };
  const entries = (db.prepare('SELECT count(*) AS n FROM balance_entries').get() as { n: number })
    .n;
  process.stderr.write(
    `${parties.length} parties, ${entries} balance entries, ${queries} queries each\n`,
  );
  const balances = new BalanceQueries(db);
  const random = seeded(42);
  const party_at = () => parties[Math.floor(random() * parties.length)]!;
  // Warm the page cache and the statements as a running service would be.
  timeQueries(200, () => balances.balancesOf(party_at(), null));
  const now = timeQueries(queries, () => balances.balancesOf(party_at(), null));
  const as_of = timeQueries(queries, () =>
    balances.balancesOf(
      party_at(),
      Math.floor(range.first_ms + random() * (range.last_ms - range.first_ms)),
    ),
  );
  db.close();
  process.stdout.write(
    JSON.stringify({
      events: Number(head),
      parties: parties.length,
      balance_entries: entries,
      queries,
      balance_p50_ms: Number(quantile(now, 0.5).toFixed(3)),
      balance_p99_ms: Number(quantile(now, 0.99).toFixed(3)),
      balance_as_of_p50_ms: Number(quantile(as_of, 0.5).toFixed(3)),
      balance_as_of_p99_ms: Number(quantile(as_of, 0.99).toFixed(3)),
    }) + '\n',
  );
}
