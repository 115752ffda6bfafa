/**
 * `ledger seal` and `ledger verify --root` end to end, through the built command: a real
 * embedded log is sealed, then copies of it are tampered with in the SQLite file behind the
 * adapter's back (an event altered, altered and re-hashed to the head, removed, inserted,
 * reordered) and each copy is verified against the root: every tamper is found and its stream
 * named. The same against the KurrentDB adapter (in-process gRPC double).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import {
  ANY,
  NO_STREAM,
  type EventStore,
  eventIdFor,
  eventHash,
  createEventStore,
  openSqliteEventStore,
} from '#event-store';
import { startKurrentDbDouble } from '#event-store/kurrentdb/test-support/kurrentdb-double.js';

const root_dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root_dir, 'bin', 'ledger');

function run(data_dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [ledger, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LEDGER_DATA_DIR: data_dir, LEDGER_EVENT_STORE: 'sqlite' },
  });
}

function lastJson(stdout: string) {
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

function event(stream: string, n: number) {
  return {
    id: eventIdFor(stream, String(n)),
    type: 'CdrNoted',
    data: { n, amount_minor: String(100 * n) },
    metadata: {
      schema_version: 1,
      occurred_at: '2026-11-01T10:00:00Z',
      correlation_id: eventIdFor('correlation', stream),
      causation_id: null,
      principal: 'admin',
    },
  };
}

/** Streams cdr-DE-ABC-1..n of three events each: positions 1, 2, 3, 4 ... */
async function writeStreams(store: EventStore, streams_count: number): Promise<void> {
  for (let index = 1; index <= streams_count; index += 1) {
    const stream = `cdr-DE-ABC-${index}`;
    await store.append(
      stream,
      [0, 1, 2].map((n) => event(stream, n)),
      NO_STREAM,
    );
  }
}

/** A sealed log of four streams, then one more event appended after the seal. */
async function sealedLog(): Promise<{ data_dir: string; root: string; position: string }> {
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-seal-'));
  const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  await writeStreams(store, 4);
  await store.close();
  const sealed = run(data_dir, 'seal');
  expect(sealed.status).toBe(0);
  const printed = lastJson(sealed.stdout);
  const after = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  await after.append('cdr-DE-ABC-1', [event('cdr-DE-ABC-1', 3)], 2n);
  await after.close();
  return { data_dir, ...printed };
}

function tampered(data_dir: string, tamper: (db: DatabaseSync) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'ledger-seal-copy-'));
  cpSync(data_dir, copy, { recursive: true });
  const db = new DatabaseSync(join(copy, 'events.sqlite'));
  tamper(db);
  db.close();
  return copy;
}

function namedStreams(stdout: string): string[] {
  const summary = lastJson(stdout);
  expect(summary.intact).toBe(false);
  return [...new Set(summary.violations.map((v: { stream: string }) => v.stream))] as string[];
}

describe('ledger seal / verify --root', () => {
  let log: { data_dir: string; root: string; position: string };

  beforeAll(async () => {
    log = await sealedLog();
  });

  it('prints the sealed position and root, and an intact log verifies against it', () => {
    expect(Object.keys(log).sort()).toEqual(['data_dir', 'position', 'root']);
    expect(log.position).toBe('12');
    expect(log.root).toMatch(/^[0-9a-f]{64}$/);
    const result = run(log.data_dir, 'verify', '--root', log.root);
    expect(result.status).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({
      intact: true,
      root: log.root,
      root_now: log.root,
      position: '12',
      violations: [],
      problem: null,
    });
  });

  it('records the seal as an event with the acting principal', async () => {
    const store = openSqliteEventStore({ path: join(log.data_dir, 'events.sqlite') });
    const seals = [];
    for await (const recorded of store.readStream('ledger-seals')) seals.push(recorded);
    await store.close();
    expect(seals).toHaveLength(1);
    expect(seals[0]).toMatchObject({
      type: 'LogSealed',
      data: { position: '12', root: log.root, streams: 4, events: 12 },
    });
    expect(seals[0]!.metadata.principal).toMatch(/^cli:/);
  });

  it('finds an altered event and names its stream', () => {
    const copy = tampered(log.data_dir, (db) =>
      db
        .prepare("UPDATE events SET data = ? WHERE stream = 'cdr-DE-ABC-2' AND revision = 1")
        .run(JSON.stringify({ amount_minor: '1', n: 1 })),
    );
    const result = run(copy, 'verify', '--root', log.root);
    expect(result.status).toBe(1);
    expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-2']);
  });

  it('finds an event altered and re-hashed to the head of its stream (only the seal can)', () => {
    const copy = tampered(log.data_dir, (db) => {
      const row = db
        .prepare("SELECT * FROM events WHERE stream = 'cdr-DE-ABC-3' AND revision = 2")
        .get() as Record<string, string>;
      const previous = db
        .prepare("SELECT hash FROM events WHERE stream = 'cdr-DE-ABC-3' AND revision = 1")
        .get() as { hash: string };
      const data = { amount_minor: '1', n: 2 };
      const hash = eventHash(previous.hash, {
        id: row.id!,
        type: row.type!,
        data,
        metadata: JSON.parse(row.metadata!),
      });
      db.prepare(
        "UPDATE events SET data = ?, hash = ? WHERE stream = 'cdr-DE-ABC-3' AND revision = 2",
      ).run(JSON.stringify(data), hash);
    });
    expect(run(copy, 'verify').status).toBe(0);
    const result = run(copy, 'verify', '--root', log.root);
    expect(result.status).toBe(1);
    expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-3']);
  });

  it('finds a removed event (the last of its stream) and names its stream', () => {
    const copy = tampered(log.data_dir, (db) =>
      db.prepare("DELETE FROM events WHERE stream = 'cdr-DE-ABC-4' AND revision = 2").run(),
    );
    expect(run(copy, 'verify').status).toBe(0);
    const result = run(copy, 'verify', '--root', log.root);
    expect(result.status).toBe(1);
    expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-4']);
  });

  it('finds an event inserted before the seal, validly chained, and names its stream', () => {
    const forged = event('cdr-DE-ABC-9', 0);
    const copy = tampered(log.data_dir, (db) => {
      // The file rewritten with one more row at position 5: later rows move one position on.
      db.exec('UPDATE events SET position = -position WHERE position >= 5');
      db.exec('UPDATE events SET position = 1 - position WHERE position < 0');
      db.prepare(
        'INSERT INTO events (position, stream, revision, id, type, data, metadata, ' +
          'recorded_at, hash) VALUES (5, ?, 0, ?, ?, ?, ?, ?, ?)',
      ).run(
        'cdr-DE-ABC-9',
        forged.id,
        forged.type,
        JSON.stringify(forged.data),
        JSON.stringify(forged.metadata),
        '2026-11-01T10:00:00.000Z',
        eventHash('0'.repeat(64), forged),
      );
    });
    expect(run(copy, 'verify').status).toBe(0);
    const result = run(copy, 'verify', '--root', log.root);
    expect(result.status).toBe(1);
    // The stream pushed past the sealed position by the insert is named too.
    expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-4', 'cdr-DE-ABC-9']);
  });

  it('finds two events of a stream swapped and names the stream', () => {
    const copy = tampered(log.data_dir, (db) => {
      const set = db.prepare(
        "UPDATE events SET revision = ? WHERE stream = 'cdr-DE-ABC-2' AND revision = ?",
      );
      set.run(-1, 0);
      set.run(0, 1);
      set.run(1, -1);
    });
    const result = run(copy, 'verify', '--root', log.root);
    expect(result.status).toBe(1);
    expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-2']);
  });

  it('says so when no seal has the root, and refuses a malformed root with usage', () => {
    const unknown = run(log.data_dir, 'verify', '--root', 'ab'.repeat(32));
    expect(unknown.status).toBe(1);
    expect(lastJson(unknown.stdout).problem).toMatch(/no seal with root/);
    const bad = run(log.data_dir, 'verify', '--root', 'xyz');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--root must be 64 hexadecimal digits/);
    expect(bad.stderr).toMatch(/Usage: ledger verify/);
  });

  it('seals and verifies through the KurrentDB adapter (gRPC double)', async () => {
    const double = await startKurrentDbDouble();
    try {
      const store = await createEventStore({
        connection: double.connectionString,
        data_dir: tmpdir(),
      });
      await writeStreams(store, 3);
      await store.close();
      const sealed = await runAgainst(double.connectionString, 'seal');
      expect(sealed.status).toBe(0);
      const { root } = lastJson(sealed.stdout);
      const intact = await runAgainst(double.connectionString, 'verify', '--root', root);
      expect(intact.status).toBe(0);
      const later = await createEventStore({
        connection: double.connectionString,
        data_dir: tmpdir(),
      });
      await later.append('cdr-DE-ABC-2', [event('cdr-DE-ABC-2', 3)], ANY);
      await later.close();
      expect((await runAgainst(double.connectionString, 'verify', '--root', root)).status).toBe(0);

      double.log.damage('cdr-DE-ABC-3', 1n, {
        data: Buffer.from(JSON.stringify({ amount_minor: '1', n: 1 }), 'utf8'),
      });
      const result = await runAgainst(double.connectionString, 'verify', '--root', root);
      expect(result.status).toBe(1);
      expect(namedStreams(result.stdout)).toEqual(['cdr-DE-ABC-3']);
    } finally {
      await double.stop();
    }
  });
});

/** The built command run without blocking this process (it serves the KurrentDB double). */
async function runAgainst(connection: string, ...args: string[]) {
  const child = spawn(process.execPath, [ledger, ...args], {
    env: { ...process.env, LEDGER_EVENT_STORE: connection },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, stdout, stderr };
}
