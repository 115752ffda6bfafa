/**
 * `npm run bench -- store`: the sqlite event store against raw node:sqlite doing the equivalent
 * work (same table and indexes, same pragmas and durability, one transaction per append, same
 * JSON encode/decode). Prints progress to stderr and one JSON line last on stdout.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { NO_STREAM, openSqliteEventStore, type EventStore, type NewEvent } from '#event-store';

const REPETITIONS = 7;
const SINGLE_APPENDS = 500;
const BATCH_APPENDS = 50;
const BATCH_EVENTS = 100;
const READ_EVENTS = 30_000;
const STREAMS = 10;
/** The raw rows carry a hash-sized column too, so both files hold rows of the same size. */
const HASH = 'f'.repeat(64);

interface Figures {
  append_events_per_s: number;
  append_batch_events_per_s: number;
  read_events_per_s: number;
}

/** The two contenders behind one interface, so both run exactly the same workload. */
interface Target {
  append(
    stream: string,
    events: readonly NewEvent[],
    expected: bigint | 'no_stream',
  ): Promise<void>;
  readAll(): Promise<number>;
  close(): Promise<void>;
}

function sampleEvent(index: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'CdrPosted',
    data: {
      cdr_id: `CDR-${index}`,
      party: { country_code: 'DE', party_id: 'ABC' },
      total_cost_minor: String(1234 + index),
      currency: 'EUR',
      energy_wh: 22_500,
      periods: [{ start: '2026-01-01T10:00:00Z', energy_wh: 22_500 }],
    },
    metadata: {
      schema_version: 1,
      occurred_at: '2026-01-01T11:00:00+01:00',
      correlation_id: randomUUID(),
      causation_id: null,
      principal: 'partner:DE/ABC',
    },
  };
}

function adapterTarget(path: string): Target {
  const store: EventStore = openSqliteEventStore({ path });
  return {
    append: async (stream, events, expected) => {
      await store.append(stream, events, expected);
    },
    readAll: async () => {
      let count = 0;
      for await (const event of store.readAll()) if (event.metadata.schema_version === 1) count++;
      return count;
    },
    close: () => store.close(),
  };
}

function rawTarget(path: string): Target {
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  db.exec(`CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL,
    revision INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
    CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream, revision);
    CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);`);
  const [begin, commit] = [db.prepare('BEGIN IMMEDIATE'), db.prepare('COMMIT')];
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, hash) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const page: StatementSync = db.prepare(
    'SELECT position, stream, revision, id, type, data, metadata, recorded_at, hash FROM events ' +
      'WHERE position > ? ORDER BY position LIMIT 512',
  );
  page.setReadBigInts(true);
  return {
    append: async (stream, events, expected) => {
      let revision = expected === NO_STREAM ? 0n : expected + 1n;
      const recorded_at = new Date().toISOString();
      begin.run();
      for (const event of events) {
        const [data, metadata] = [JSON.stringify(event.data), JSON.stringify(event.metadata)];
        insert.run(stream, revision++, event.id, event.type, data, metadata, recorded_at, HASH);
      }
      commit.run();
    },
    readAll: async () => {
      let [count, after] = [0, 0n];
      for (let rows = page.all(after); rows.length > 0; rows = page.all(after)) {
        for (const row of rows) {
          // The same object the adapter builds: every column, data and metadata decoded.
          const event = {
            id: row.id,
            type: row.type,
            data: JSON.parse(row.data as string) as unknown,
            metadata: JSON.parse(row.metadata as string) as { schema_version: number },
            stream: row.stream,
            revision: row.revision,
            position: row.position,
            recorded_at: row.recorded_at,
            hash: row.hash,
          };
          if (event.metadata.schema_version === 1) count++;
          after = row.position as bigint;
        }
      }
      return count;
    },
    close: async () => db.close(),
  };
}

/** Runs the three measurements on a fresh file; returns events per second for each. */
async function measure(target: Target): Promise<Figures> {
  const revisions = new Map<string, bigint>();
  const appendNext = async (stream: string, events: NewEvent[]): Promise<void> => {
    const last = revisions.get(stream);
    await target.append(stream, events, last ?? NO_STREAM);
    revisions.set(stream, (last ?? -1n) + BigInt(events.length));
  };
  let started = performance.now();
  for (let index = 0; index < SINGLE_APPENDS; index++) {
    await appendNext(`single-${index % STREAMS}`, [sampleEvent(index)]);
  }
  const append_events_per_s = SINGLE_APPENDS / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let index = 0; index < BATCH_APPENDS; index++) {
    const batch = Array.from({ length: BATCH_EVENTS }, (_, n) => sampleEvent(n));
    await appendNext(`batch-${index % STREAMS}`, batch);
  }
  const batch_events = BATCH_APPENDS * BATCH_EVENTS;
  const append_batch_events_per_s = batch_events / ((performance.now() - started) / 1000);
  // Fill up to READ_EVENTS so the read measures a log larger than a few pages.
  for (let filled = SINGLE_APPENDS + batch_events; filled < READ_EVENTS; filled += 1000) {
    const batch = Array.from({ length: Math.min(1000, READ_EVENTS - filled) }, sampleEvent);
    await appendNext(`fill-${filled % STREAMS}`, batch);
  }
  started = performance.now();
  const read = await target.readAll();
  const read_events_per_s = read / ((performance.now() - started) / 1000);
  if (read !== READ_EVENTS) throw new Error(`read ${read} events, expected ${READ_EVENTS}`);
  return { append_events_per_s, append_batch_events_per_s, read_events_per_s };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run(_args: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  const runs: { adapter: Figures[]; raw: Figures[] } = { adapter: [], raw: [] };
  try {
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      // Alternate the order so that warm-up and disk state do not favour one contender.
      const order =
        repetition % 2 === 0 ? (['raw', 'adapter'] as const) : (['adapter', 'raw'] as const);
      for (const kind of order) {
        const path = join(dir, `${kind}-${repetition}.sqlite`);
        const target = kind === 'raw' ? rawTarget(path) : adapterTarget(path);
        const figures = await measure(target);
        await target.close();
        runs[kind].push(figures);
        process.stderr.write(`rep ${repetition + 1}/${REPETITIONS} ${kind}: ${format(figures)}\n`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summarise = (all: Figures[]): Figures => ({
    append_events_per_s: median(all.map((f) => f.append_events_per_s)),
    append_batch_events_per_s: median(all.map((f) => f.append_batch_events_per_s)),
    read_events_per_s: median(all.map((f) => f.read_events_per_s)),
  });
  const [adapter, raw] = [summarise(runs.adapter), summarise(runs.raw)];
  // Ratios pair each repetition's two runs, taken back to back, so that load from other
  // processes on the machine shifts both sides of a ratio alike; the median drops outliers.
  const ratio = (key: keyof Figures): number =>
    round(median(runs.adapter.map((figures, index) => figures[key] / runs.raw[index]![key])), 3);
  const result = {
    append_events_per_s: round(adapter.append_events_per_s, 0),
    append_batch_events_per_s: round(adapter.append_batch_events_per_s, 0),
    read_events_per_s: round(adapter.read_events_per_s, 0),
    append_events_per_s_ratio_vs_raw: ratio('append_events_per_s'),
    append_batch_events_per_s_ratio_vs_raw: ratio('append_batch_events_per_s'),
    read_events_per_s_ratio_vs_raw: ratio('read_events_per_s'),
    raw_append_events_per_s: round(raw.append_events_per_s, 0),
    raw_append_batch_events_per_s: round(raw.append_batch_events_per_s, 0),
    raw_read_events_per_s: round(raw.read_events_per_s, 0),
    repetitions: REPETITIONS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function format(figures: Figures): string {
  return Object.entries(figures)
    .map(([key, value]) => `${key}=${Math.round(value)}`)
    .join(' ');
}
