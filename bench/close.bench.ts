/**
 * `npm run bench -- close [--cdrs N]`: the month-end close of one large agreement. Writes N
 * (default 100,000) posted CDRs of one CPO / eMSP agreement into a fresh embedded store (the
 * events the real handlers append, from bench/ledger-traffic.ts), serves the API on it in this
 * process, waits until every projection has caught up, then times `POST
 * /v1/agreements/{id}/statements` (statement + invoices). Yardstick in the same run: a raw
 * `readAll` of the same log. Progress on stderr; the last stdout line is one JSON object with
 * `cdrs`, `close_seconds`, `peak_rss_mb` (the process's peak while closing), the statement's and
 * invoices' sizes and `close_ratio_vs_read` (close time / raw read time). `--profile FILE`
 * writes a CPU profile of the close alone (open it in Chrome DevTools).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, openSqliteEventStore } from '#event-store';
import { createApp } from '../apps/api/src/main.js';
import { LedgerTraffic, seeded } from './ledger-traffic.js';
import { withPeakRss } from './rebuild.bench.js';

const ADMIN_TOKEN = 'bench-close-admin';
const CDRS_DEFAULT = 100_000;
const APPEND_BATCHES_PER_GROUP = 500;
const CATCH_UP_POLL_MS = 500;
const CATCH_UP_MS_MAX = 30 * 60_000;

function cdrsArgument(args: readonly string[]): number {
  const index = args.indexOf('--cdrs');
  const value = index >= 0 ? Number(args[index + 1]) : CDRS_DEFAULT;
  if (!Number.isSafeInteger(value) || value < 10) throw new RangeError('--cdrs: an integer >= 10');
  return value;
}

/** N posted CDRs of one agreement, their postings spread over the 20 days before now. */
async function writeTraffic(data_dir: string, cdrs: number): Promise<LedgerTraffic> {
  const start_ms = Date.now() - 20 * 86_400_000;
  const traffic = new LedgerTraffic(seeded(20261203), {
    cpo_count: 1,
    emsp_count: 1,
    start_ms,
    step_ms_max: Math.max(2, Math.floor((2 * 19 * 86_400_000) / cdrs)),
  });
  const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  try {
    for (const batch of traffic.agreementBatches()) {
      await store.append(batch.stream, batch.events, ANY);
    }
    const started_ms = performance.now();
    for (let written = 0; written < cdrs;) {
      const group = [];
      for (let i = 0; i < APPEND_BATCHES_PER_GROUP && written < cdrs; i += 1, written += 1) {
        const batch = traffic.cdr();
        group.push(store.append(batch.stream, batch.events, ANY));
      }
      await Promise.all(group);
      const rate = Math.round(written / ((performance.now() - started_ms) / 1000));
      process.stderr.write(`\rwrite: ${written}/${cdrs} CDRs, ${rate}/s   `);
    }
    process.stderr.write('\n');
  } finally {
    await store.close();
  }
  return traffic;
}

async function request(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { text, body: text.startsWith('{') ? (JSON.parse(text) as unknown) : null };
}

/** Waits until no projection lags behind the log (GET /metrics), with progress. */
async function caughtUp(base: string): Promise<void> {
  const started_ms = performance.now();
  for (;;) {
    const { text } = await request(base, 'GET', '/metrics');
    const lags = [...text.matchAll(/^ledger_projection_lag_events\{[^}]*\} (\d+)$/gm)];
    const lag = lags.reduce((sum, match) => sum + Number(match[1]), 0);
    process.stderr.write(`\rcatch up: ${lag} events behind   `);
    if (lags.length > 0 && lag === 0) break;
    if (performance.now() - started_ms > CATCH_UP_MS_MAX) throw new Error('projections stuck');
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
  process.stderr.write('\n');
}

async function rawReadSeconds(data_dir: string): Promise<number> {
  const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  const started_ms = performance.now();
  let events = 0;
  for await (const event of store.readAll()) if (event.position > 0n) events += 1;
  await store.close();
  process.stderr.write(`raw readAll: ${events} events\n`);
  return (performance.now() - started_ms) / 1000;
}

/** `--profile FILE`: profiles until the returned function is called, then writes FILE. */
async function startProfile(args: readonly string[]): Promise<(() => Promise<void>) | null> {
  const index = args.indexOf('--profile');
  if (index < 0) return null;
  const file = args[index + 1];
  if (file === undefined) throw new RangeError('--profile: a file name');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

export async function run(args: string[]): Promise<void> {
  const cdrs = cdrsArgument(args);
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-close-bench-'));
  try {
    const traffic = await writeTraffic(data_dir, cdrs);
    const read_s = await rawReadSeconds(data_dir);
    const app = await createApp({
      data_dir,
      event_store: 'sqlite',
      admin_token: ADMIN_TOKEN,
      admin_token_generated: false,
      request_log: false,
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    try {
      const agreement = traffic.agreements[0]!;
      for (const [party, role] of [
        [agreement.cpo, 'CPO'],
        [agreement.emsp, 'EMSP'],
        [agreement.hub, 'HUB'],
      ] as const) {
        const token = `bench-${party.country_code}-${party.party_id}`;
        await request(base, 'POST', '/admin/partners', {
          ...party,
          role,
          name: `${party.country_code} ${party.party_id}`,
          token,
        });
      }
      await caughtUp(base);
      const period_end = new Date(Date.now() - 1000).toISOString();
      // The process's size before the close (read models, caches): the peak includes it.
      const rss_before_close_mb = Math.round(process.memoryUsage().rss / 1_048_576);
      const profiler = await startProfile(args);
      const started_ms = performance.now();
      const [closed, peak_rss_bytes] = await withPeakRss(() =>
        request(base, 'POST', `/v1/agreements/${agreement.id}/statements`, { period_end }),
      );
      const close_seconds = (performance.now() - started_ms) / 1000;
      await profiler?.();
      const body = closed.body as {
        statement: { cdr_lines?: unknown[]; line_pages?: { lines: number; pages: number } };
        invoices: unknown[];
      };
      process.stdout.write(
        JSON.stringify({
          cdrs,
          // A large statement is answered as its header with its pages (statement-view.ts).
          statement_lines: body.statement.line_pages?.lines ?? body.statement.cdr_lines?.length,
          statement_pages: body.statement.line_pages?.pages ?? null,
          invoices: body.invoices.length,
          response_bytes: closed.text.length,
          close_seconds: Number(close_seconds.toFixed(2)),
          read_seconds: Number(read_s.toFixed(2)),
          close_ratio_vs_read: Number((close_seconds / read_s).toFixed(3)),
          peak_rss_mb: Math.round(peak_rss_bytes / 1_048_576),
          rss_before_close_mb,
        }) + '\n',
      );
    } finally {
      await app.close();
    }
  } finally {
    rmSync(data_dir, { recursive: true, force: true });
  }
}
