/**
 * `npm run bench -- ingest [--duration SECONDS]`: CDR ingestion through the served API on the
 * embedded store. Starts the real server (`ledger serve`, its own process) on a temporary data dir, registers a CPO,
 * an eMSP and their agreement, pushes a Location and a realistic tariff (flat fee, energy,
 * charging time and parking time, a peak-hours element), then lets autocannon POST distinct
 * valid CDRs (each priced, posted and appended with its ledger transaction). `GET /health` on
 * the same server is the yardstick. Progress on stderr; the last stdout line is one JSON object
 * `{ cdrs_per_s, p99_ms, ratio_vs_health, server_cpu_ms_per_cdr }`. The last is the server
 * process's CPU time (user + system) during the CDR phase per CDR: unlike the rates, it hardly
 * depends on what else the shared machine runs, so it is the figure to compare between changes.
 *
 * `--workers N` serves the API from N processes (`LEDGER_WORKERS=N`, one store); the server CPU
 * is then that of the whole process tree. After the run the bench counts, in the log and in the
 * read models, what was stored: every acknowledged CDR once (none lost), no CDR twice, one
 * ledger transaction per CDR (posted once, projected once), and fails otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { parsePricingCdr, parseTariff, priceCdr, toPriceJson } from '#tariffs';

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly '2xx': number;
  readonly latency: { readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
}
interface AutocannonRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  setupRequest?(request: AutocannonRequest): AutocannonRequest;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ADMIN_TOKEN = 'bench-admin';
const CPO_TOKEN = 'bench-cpo-token';
const CONNECTIONS = 16;
const DEFAULT_DURATION_S = 20;
const SERVER_START_ATTEMPTS_MAX = 300;

const TARIFF = {
  country_code: 'DE',
  party_id: 'ABC',
  id: 'AC-STANDARD',
  currency: 'EUR',
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    {
      price_components: [{ type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 }],
      restrictions: { start_time: '17:00', end_time: '21:00' },
    },
    {
      price_components: [
        { type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 },
        { type: 'TIME', price: 1.2, vat: 19, step_size: 60 },
      ],
    },
    {
      price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 300 }],
      restrictions: { start_time: '08:00', end_time: '20:00' },
    },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

const TOKEN = {
  country_code: 'NL',
  party_id: 'XYZ',
  uid: 'RFID-BENCH',
  type: 'RFID',
  contract_id: 'NL-XYZ-C00000001',
};

function cdrTemplate(): Record<string, unknown> {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'TEMPLATE',
    start_date_time: '2026-03-02T15:40:00Z',
    end_date_time: '2026-03-02T17:55:00Z',
    cdr_token: TOKEN,
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC-BENCH',
      address: 'Unter den Linden 1',
      city: 'Berlin',
      country: 'DEU',
      coordinates: { latitude: '52.517037', longitude: '13.388860' },
      evse_uid: 'EVSE-1',
      evse_id: 'DE*ABC*E1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    tariffs: [TARIFF],
    charging_periods: [
      {
        start_date_time: '2026-03-02T15:40:00Z',
        dimensions: [
          { type: 'ENERGY', volume: 9.5 },
          { type: 'TIME', volume: 0.6667 },
        ],
        tariff_id: 'AC-STANDARD',
      },
      {
        start_date_time: '2026-03-02T16:20:00Z',
        dimensions: [
          { type: 'ENERGY', volume: 12.25 },
          { type: 'TIME', volume: 1.0 },
        ],
        tariff_id: 'AC-STANDARD',
      },
      {
        start_date_time: '2026-03-02T17:20:00Z',
        dimensions: [{ type: 'PARKING_TIME', volume: 0.5833 }],
        tariff_id: 'AC-STANDARD',
      },
    ],
    total_energy: 21.75,
    total_time: 2.25,
    total_parking_time: 0.5833,
    last_updated: '2026-03-02T18:00:00Z',
  };
}

/** The CPO's claimed cost is the engine's own price, so every CDR posts (the common case). */
function pricedTemplate(): Record<string, unknown> {
  const cdr = cdrTemplate();
  const price = toPriceJson(
    priceCdr({
      tariff: parseTariff(TARIFF),
      cdr: parsePricingCdr(cdr),
      time_zone: 'Europe/Berlin',
    }),
  );
  const total = price.total_cost as { excl_vat: string; incl_vat: string };
  return {
    ...cdr,
    total_cost: { excl_vat: Number(total.excl_vat), incl_vat: Number(total.incl_vat) },
  };
}

async function call(base: string, method: string, path: string, auth: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
}

async function setUp(base: string): Promise<void> {
  const admin = `Bearer ${ADMIN_TOKEN}`;
  for (const [country_code, party_id, role, token] of [
    ['DE', 'ABC', 'CPO', CPO_TOKEN],
    ['NL', 'XYZ', 'EMSP', 'bench-emsp-token'],
  ]) {
    const partner = { country_code, party_id, role, name: party_id, token };
    await call(base, 'POST', '/admin/partners', admin, partner);
  }
  await call(base, 'POST', '/admin/agreements', admin, {
    id: 'DEABC-NLXYZ',
    cpo: { country_code: 'DE', party_id: 'ABC' },
    emsp: { country_code: 'NL', party_id: 'XYZ' },
    currency: 'EUR',
    fees: [
      {
        beneficiary: { country_code: 'NL', party_id: 'XYZ' },
        per_cdr: '0.10',
        percent_of_cost: '1',
      },
    ],
  });
  const cpo = `Token ${Buffer.from(CPO_TOKEN).toString('base64')}`;
  await call(base, 'PUT', '/ocpi/2.2.1/locations/DE/ABC/LOC-BENCH', cpo, {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'LOC-BENCH',
    publish: true,
    address: 'Unter den Linden 1',
    city: 'Berlin',
    country: 'DEU',
    coordinates: { latitude: '52.517037', longitude: '13.388860' },
    time_zone: 'Europe/Berlin',
    last_updated: '2026-01-01T00:00:00Z',
  });
  await call(base, 'PUT', '/ocpi/2.2.1/tariffs/DE/ABC/AC-STANDARD', cpo, TARIFF);
}

function durationOf(args: string[]): number {
  const index = args.indexOf('--duration');
  const value = index >= 0 ? Number(args[index + 1]) : DEFAULT_DURATION_S;
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_DURATION_S;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time (user + system, ms) a process and its live children (the workers of
 * `LEDGER_WORKERS`) have used so far, or null where /proc is missing.
 */
function cpuTimeMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((other) => {
        try {
          return Number(statFields(other)[1]) === pid;
        } catch {
          return false; // exited meanwhile
        }
      });
    let ticks = 0;
    for (const one of [pid, ...children]) {
      const fields = statFields(one);
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_S : null;
  } catch {
    return null;
  }
}

/** A free loopback port: bind to 0, read the port, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The served API runs in its own process (`ledger serve`, as in production), so the load
 * generator in this process does not share the server's event loop.
 */
async function startServer(
  data_dir: string,
  workers: number,
): Promise<{ base: string; server: ChildProcess }> {
  const port = await freePort();
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'cli', 'src', 'main.js');
  const server = spawn(process.execPath, [main, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      LEDGER_DATA_DIR: data_dir,
      LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
      LEDGER_REQUEST_LOG: 'off',
      LEDGER_WORKERS: String(workers),
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under load.
      NODE_OPTIONS: process.env.LEDGER_BENCH_SERVER_NODE_OPTIONS ?? '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < SERVER_START_ATTEMPTS_MAX; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const healthy = await fetch(`${base}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { base, server };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill('SIGKILL');
  throw new Error('the server did not answer GET /health in time');
}

async function measureHealth(base: string, duration: number): Promise<AutocannonResult> {
  process.stderr.write(`ingest: GET /health for ${duration} s ...\n`);
  return autocannon({ url: `${base}/health`, connections: CONNECTIONS, duration });
}

function workersOf(args: string[]): number {
  const index = args.indexOf('--workers');
  const value = index >= 0 ? Number(args[index + 1]) : 1;
  return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}

interface StoredCounts {
  readonly cdrs_received: number;
  readonly cdr_streams: number;
  readonly cdrs_posted: number;
  readonly transactions: number;
  readonly projected_transactions: number;
  /** The whole log (every event the run wrote, set-up included) and its stored bytes. */
  readonly events: number;
  readonly event_bytes: number;
}

/** The embedded store's files on disk (database and write-ahead log), indexes included. */
function storeFileBytes(data_dir: string): number {
  return ['events.sqlite', 'events.sqlite-wal']
    .map((file) => join(data_dir, file))
    .filter((path) => existsSync(path))
    .reduce((sum, path) => sum + statSync(path).size, 0);
}

/** What the log and the read models hold once the server has stopped. */
function storedCounts(data_dir: string): StoredCounts {
  const events = new DatabaseSync(join(data_dir, 'events.sqlite'), { readOnly: true });
  const models = new DatabaseSync(join(data_dir, 'read-models.sqlite'), { readOnly: true });
  try {
    const count = (db: DatabaseSync, sql: string) =>
      Number((db.prepare(sql).get() as { n: number | bigint }).n);
    return {
      cdrs_received: count(events, "SELECT count(*) AS n FROM events WHERE type = 'CdrReceived'"),
      cdr_streams: count(
        events,
        "SELECT count(DISTINCT stream) AS n FROM events WHERE type = 'CdrReceived'",
      ),
      cdrs_posted: count(events, "SELECT count(*) AS n FROM events WHERE type = 'CdrPosted'"),
      transactions: count(
        events,
        'SELECT count(DISTINCT json_extract(data, ' +
          "'$.transaction.transaction_id')) AS n FROM events WHERE type = 'CdrPosted'",
      ),
      projected_transactions: count(
        models,
        "SELECT count(*) AS n FROM balance_transactions WHERE source_kind = 'cdr'",
      ),
      events: count(events, 'SELECT count(*) AS n FROM events'),
      // Data, metadata, ids, stream names and hashes as stored (the sizing figures, README).
      event_bytes: count(
        events,
        'SELECT coalesce(sum(length(data) + length(metadata) + length(stream) + length(id) + ' +
          'length(type) + length(hash)), 0) AS n FROM events',
      ),
    };
  } finally {
    events.close();
    models.close();
  }
}

/** Nothing lost, nothing twice: throws naming what does not add up. */
function checkStored(counts: StoredCounts, acknowledged: number, sent: number): void {
  const problems = [
    counts.cdrs_received < acknowledged ? `lost: ${acknowledged} acknowledged` : null,
    counts.cdrs_received > sent ? `more CDRs than sent (${sent})` : null,
    counts.cdr_streams !== counts.cdrs_received ? 'a CDR received twice' : null,
    counts.cdrs_posted !== counts.cdrs_received ? 'not every CDR posted once' : null,
    counts.transactions !== counts.cdrs_posted ? 'a ledger transaction twice' : null,
    counts.projected_transactions !== counts.transactions ? 'projected transactions differ' : null,
  ].filter((problem) => problem !== null);
  if (problems.length > 0) {
    throw new Error(`stored ${JSON.stringify(counts)}: ${problems.join('; ')}`);
  }
}

/** Autocannon POSTs distinct CDRs for `duration` seconds; `sequence`: how many were sent. */
async function postCdrs(base: string, duration: number) {
  const template = pricedTemplate();
  const headers = {
    'content-type': 'application/json',
    authorization: `Token ${Buffer.from(CPO_TOKEN).toString('base64')}`,
  };
  let sequence = 0;
  const cdrs = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/ocpi/2.2.1/cdrs',
        headers,
        setupRequest: (request) => {
          sequence += 1;
          return { ...request, body: JSON.stringify({ ...template, id: `CDR-${sequence}` }) };
        },
      },
    ],
  });
  return { cdrs, sequence };
}

/** The CDRs were posted, and the read models hold every acknowledged write. */
async function checkPostedAndCaughtUp(base: string): Promise<void> {
  const first = await fetch(`${base}/v1/cdrs/DE/ABC/CDR-1`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const status = ((await first.json()) as { status?: string }).status;
  if (status !== 'POSTED') throw new Error(`the benchmark CDRs are not posted: ${status}`);
  // A balances query waits until the read models hold every acknowledged write.
  const caught_up = await fetch(`${base}/v1/partners/DE/ABC/balances`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (!caught_up.ok) throw new Error(`balances after the run: ${caught_up.status}`);
}

export async function run(args: string[]): Promise<void> {
  const duration = durationOf(args);
  const workers = workersOf(args);
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-bench-ingest-'));
  const { base, server } = await startServer(data_dir, workers);
  let stopped = false;
  try {
    await setUp(base);
    process.stderr.write(
      `ingest: POST /ocpi/2.2.1/cdrs for ${duration} s (${workers} worker(s)) ...\n`,
    );
    const cpu_before_ms = cpuTimeMs(server.pid);
    const { cdrs, sequence } = await postCdrs(base, duration);
    const cpu_after_ms = cpuTimeMs(server.pid);
    // `--no-health` skips the yardstick, e.g. so that a server profile shows only the CDR phase.
    const health = args.includes('--no-health')
      ? { requests: { average: 0, total: 0 }, latency: { p99: 0 }, non2xx: 0, errors: 0 }
      : await measureHealth(base, duration);
    process.stderr.write(
      `ingest: ${cdrs.requests.total} CDRs (${cdrs.non2xx} non-2xx, ${cdrs.errors} errors), ` +
        `health ${health.requests.average} req/s\n`,
    );
    if (cdrs.non2xx > 0 || cdrs.errors > 0) throw new Error('some CDR deliveries failed');
    await checkPostedAndCaughtUp(base);
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    stopped = true;
    const stored = storedCounts(data_dir);
    checkStored(stored, cdrs['2xx'], sequence);
    process.stderr.write(`ingest: stored ${JSON.stringify(stored)}\n`);
    const cdrs_per_s = Math.round(cdrs.requests.average * 10) / 10;
    const ratio = health.requests.average > 0 ? cdrs.requests.average / health.requests.average : 0;
    const cpu_ms =
      cpu_before_ms === null || cpu_after_ms === null ? null : cpu_after_ms - cpu_before_ms;
    process.stdout.write(
      JSON.stringify({
        workers,
        cdrs_per_s,
        p99_ms: cdrs.latency.p99,
        ratio_vs_health: Math.round(ratio * 1000) / 1000,
        server_cpu_ms_per_cdr:
          cpu_ms === null || cdrs.requests.total === 0
            ? null
            : Math.round((cpu_ms / cdrs.requests.total) * 1000) / 1000,
        cdrs_stored: stored.cdrs_received,
        events_per_cdr: Math.round((stored.events / Math.max(stored.cdrs_received, 1)) * 100) / 100,
        event_bytes_per_cdr: Math.round(stored.event_bytes / Math.max(stored.cdrs_received, 1)),
        store_file_bytes_per_cdr: Math.round(
          storeFileBytes(data_dir) / Math.max(stored.cdrs_received, 1),
        ),
      }) + '\n',
    );
  } finally {
    if (!stopped) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    rmSync(data_dir, { recursive: true, force: true });
  }
}
