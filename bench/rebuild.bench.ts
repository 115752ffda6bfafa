/**
 * `npm run bench -- rebuild [--events N]`: rebuilds every projection from a store of 1,000,000
 * events of realistic CDR traffic (generated once, cached under bench-data/) and compares it
 * with a raw `readAll` of the same log in the same run. Progress on stderr; the last stdout line
 * is one JSON object: rebuild_events_per_s, rebuild_ratio_vs_read, peak_rss_mb.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  chainHash,
  composeEventCanonicalJson,
  GENESIS_HASH,
  openSqliteEventStore,
  EventStatements,
  openEventsDatabase,
} from '#event-store';
import { ALL_PROJECTIONS, ProjectionRunner, openReadModels } from '#projections';
import { LedgerTraffic, seeded } from './ledger-traffic.js';

export const BENCH_EVENTS_DEFAULT = 1_000_000;
const WRITE_BATCH_EVENTS = 20_000;
const START_MS = Date.parse('2025-01-01T00:00:00Z');

export function eventsArgument(args: readonly string[]): number {
  const index = args.indexOf('--events');
  const value = index >= 0 ? Number(args[index + 1]) : BENCH_EVENTS_DEFAULT;
  if (!Number.isSafeInteger(value) || value < 1000) throw new RangeError('--events: >= 1000');
  return value;
}

/** Bumped whenever LedgerTraffic changes what it generates: a new cache is generated. */
const TRAFFIC_VERSION = 2;

export function benchDir(events: number): string {
  return join(process.cwd(), 'bench-data', `ledger-v${TRAFFIC_VERSION}-${events}`);
}

export function progress(label: string, done: number, total: number, started_ms: number): void {
  const elapsed_s = (performance.now() - started_ms) / 1000;
  const rate = Math.round(done / Math.max(elapsed_s, 0.001));
  const eta_s = rate > 0 ? Math.round((total - done) / rate) : 0;
  process.stderr.write(`\r${label}: ${done}/${total} events, ${rate} events/s, ETA ${eta_s} s   `);
}

/**
 * The cached store of `events` events: generated once through the sqlite adapter's own schema,
 * statements and hash chain, in large transactions (synchronous=OFF on this connection only:
 * a half-written cache is never renamed into place).
 */
export function ensureBenchStore(events: number): string {
  const dir = benchDir(events);
  const path = join(dir, 'events.sqlite');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, 'events.partial.sqlite');
  rmSync(partial, { force: true });
  const db = openEventsDatabase(partial);
  db.exec('PRAGMA synchronous = OFF');
  const statements = new EventStatements(db);
  const traffic = new LedgerTraffic(seeded(20260101), {
    cpo_count: 20,
    emsp_count: 15,
    start_ms: START_MS,
    step_ms_max: 120_000,
  });
  const recorded_at = new Date().toISOString();
  let written = 0;
  const started_ms = performance.now();
  let batches = traffic.agreementBatches();
  db.exec('BEGIN');
  for (let guard = 0; written < events && guard < events; guard += 1) {
    for (const batch of batches) {
      const last = statements.lastInStream.get(batch.stream) as
        { revision: bigint; hash: string } | undefined;
      let revision = last === undefined ? 0n : last.revision + 1n;
      let previous = last?.hash ?? GENESIS_HASH;
      for (const event of batch.events) {
        const data_json = canonicalJson(event.data);
        const metadata_json = canonicalJson(event.metadata);
        const hash = chainHash(
          previous,
          composeEventCanonicalJson(event.id, event.type, data_json, metadata_json),
        );
        statements.insert.run(
          batch.stream,
          revision,
          event.id,
          event.type,
          data_json,
          metadata_json,
          recorded_at,
          hash,
        );
        previous = hash;
        revision += 1n;
        written += 1;
        if (written % WRITE_BATCH_EVENTS === 0) {
          db.exec('COMMIT; BEGIN');
          progress('generate', written, events, started_ms);
        }
      }
    }
    batches = traffic.next();
  }
  db.exec('COMMIT');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  process.stderr.write('\n');
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return path;
}

/** Samples the resident set size while `work` runs; returns its result and the peak. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return [result, peak];
  } finally {
    clearInterval(timer);
  }
}

/** Rebuilds every projection of the store at `events_path` into a fresh read-model file. */
export async function rebuildInto(
  events_path: string,
  read_models_path: string,
  names?: readonly string[],
) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(read_models_path + suffix, { force: true });
  const store = openSqliteEventStore({ path: events_path });
  const db = openReadModels(read_models_path);
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, {
    rebuild_batch_events_max: 5000,
  });
  const started_ms = performance.now();
  try {
    let reported = 0;
    const result = await runner.rebuild(names, ({ position, events_total }) => {
      // Positions are the sqlite rowids: how many events of the log are behind.
      const done = Number(position);
      if (done - reported < 50_000) return;
      reported = done;
      progress('rebuild', done, events_total, started_ms);
    });
    process.stderr.write('\n');
    return result;
  } finally {
    await store.close();
    db.close();
  }
}

/** CPU seconds (user + system) of this process since `since`: on a VM shared with other jobs,
 * a steadier yardstick than the wall clock. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function rawRead(events_path: string) {
  const store = openSqliteEventStore({ path: events_path });
  const started_ms = performance.now();
  const started_cpu = process.cpuUsage();
  let events = 0;
  for await (const event of store.readAll()) if (event.position > 0n) events += 1;
  const duration_ms = performance.now() - started_ms;
  const cpu_s = cpuSeconds(started_cpu);
  await store.close();
  return { events, duration_ms, cpu_s };
}

export async function run(args: string[]): Promise<void> {
  const events = eventsArgument(args);
  const events_path = ensureBenchStore(events);
  process.stderr.write(`store: ${events_path}\n`);
  const read = await rawRead(events_path);
  const read_events_per_s = read.events / (read.duration_ms / 1000);
  process.stderr.write(`raw readAll: ${read.events} events, ${Math.round(read_events_per_s)}/s\n`);
  // `--projections a,b`: only these (default: every projection, as `ledger rebuild` does).
  const only_index = args.indexOf('--projections');
  const names = only_index >= 0 ? args[only_index + 1]!.split(',') : undefined;
  const read_models_path = join(benchDir(events), names ? 'subset.sqlite' : 'read-models.sqlite');
  const started_cpu = process.cpuUsage();
  const [result, peak_rss_bytes] = await withPeakRss(() =>
    rebuildInto(events_path, read_models_path, names),
  );
  const rebuild_cpu_s = cpuSeconds(started_cpu);
  // The log's events per second of rebuild: the events of types no projection reads count too,
  // they are part of the log the rebuild goes through (skipping them is the point).
  const rebuild_events_per_s = read.events / (result.duration_ms / 1000);
  process.stdout.write(
    JSON.stringify({
      projections: result.projections,
      events: read.events,
      events_applied: result.events,
      read_events_per_s: Math.round(read_events_per_s),
      rebuild_events_per_s: Math.round(rebuild_events_per_s),
      rebuild_ratio_vs_read: Number((rebuild_events_per_s / read_events_per_s).toFixed(3)),
      rebuild_duration_s: Number((result.duration_ms / 1000).toFixed(2)),
      read_cpu_s: Number(read.cpu_s.toFixed(2)),
      rebuild_cpu_s: Number(rebuild_cpu_s.toFixed(2)),
      rebuild_ratio_vs_read_cpu: Number((read.cpu_s / rebuild_cpu_s).toFixed(3)),
      peak_rss_mb: Math.round(peak_rss_bytes / 1_048_576),
    }) + '\n',
  );
}
