/**
 * `ledger verify` end to end: a real embedded log written through the adapter, then verified by
 * the built command; then a copy of it damaged in the SQLite file behind the adapter's back
 * (data altered, data and metadata no longer JSON, an event removed) and verified again. The same
 * for the KurrentDB adapter, against the in-process gRPC double of the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import {
  NO_STREAM,
  type EventStore,
  createEventStore,
  eventIdFor,
  openSqliteEventStore,
} from '#event-store';
import { startKurrentDbDouble } from '#event-store/kurrentdb/test-support/kurrentdb-double.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');

function verify(data_dir: string) {
  return spawnSync(process.execPath, [ledger, 'verify'], {
    encoding: 'utf8',
    env: { ...process.env, LEDGER_DATA_DIR: data_dir, LEDGER_EVENT_STORE: 'sqlite' },
  });
}

async function writeLog(data_dir: string, streams_count = 2): Promise<void> {
  const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  await writeStreams(store, streams_count);
  await store.close();
}

/** Streams of three events each, written one stream after the other: positions 1, 2, 3, 4 ... */
async function writeStreams(store: EventStore, streams_count: number): Promise<void> {
  const streams = Array.from({ length: streams_count }, (_, index) => `cdr-DE-ABC-${index + 1}`);
  for (const stream of streams) {
    const events = [0, 1, 2].map((n) => ({
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
    }));
    await store.append(stream, events, NO_STREAM);
  }
}

/** The built command run without blocking this process (it serves the KurrentDB double). */
async function verifyAgainst(connection: string) {
  const child = spawn(process.execPath, [ledger, 'verify'], {
    env: { ...process.env, LEDGER_EVENT_STORE: connection },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, stdout, stderr };
}

describe('ledger verify', () => {
  it('reports an intact log and exits 0', async () => {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    await writeLog(data_dir);
    const result = verify(data_dir);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ intact: true, events_checked: 6, streams: 2, violations: [] });
  });

  it('names the altered stream and revision and exits 1', async () => {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    await writeLog(data_dir);
    const db = new DatabaseSync(join(data_dir, 'events.sqlite'));
    db.prepare("UPDATE events SET data = ? WHERE stream = 'cdr-DE-ABC-2' AND revision = 1").run(
      JSON.stringify({ amount_minor: '1', n: 1 }),
    );
    db.close();
    const result = verify(data_dir);
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary.intact).toBe(false);
    expect(summary.violations).toEqual([
      expect.objectContaining({
        stream: 'cdr-DE-ABC-2',
        revision: '1',
        reason: 'hash does not chain',
      }),
    ]);
  });

  it('reports every damaged stream of a damaged copy, verifies the rest, and exits 1', async () => {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    await writeLog(data_dir, 5);
    const copy_dir = mkdtempSync(join(tmpdir(), 'ledger-verify-copy-'));
    cpSync(data_dir, copy_dir, { recursive: true });
    const db = new DatabaseSync(join(copy_dir, 'events.sqlite'));
    const where = 'WHERE stream = ? AND revision = ?';
    db.prepare(`UPDATE events SET data = ? ${where}`).run(
      '{"n": 1, "amount_minor": ',
      'cdr-DE-ABC-1',
      1,
    );
    db.prepare(`UPDATE events SET data = ? ${where}`).run(
      JSON.stringify({ amount_minor: '1000', n: 1 }),
      'cdr-DE-ABC-2',
      1,
    );
    db.prepare(`DELETE FROM events ${where}`).run('cdr-DE-ABC-3', 1);
    db.prepare(`UPDATE events SET metadata = ? ${where}`).run(
      '{"schema_version":',
      'cdr-DE-ABC-4',
      2,
    );
    db.close();

    const result = verify(copy_dir);

    expect(result.stderr).not.toMatch(/SyntaxError|at .*\.js/);
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({
      intact: false,
      events_checked: 14,
      events_damaged: 2,
      streams: 5,
      head_position: '15',
    });
    expect(summary.violations).toEqual([
      {
        stream: 'cdr-DE-ABC-1',
        revision: '1',
        position: '2',
        reason: expect.stringMatching(/^event cannot be read: data is not JSON \(.+\)$/),
      },
      { stream: 'cdr-DE-ABC-2', revision: '1', position: '5', reason: 'hash does not chain' },
      { stream: 'cdr-DE-ABC-3', revision: '2', position: '9', reason: 'hash does not chain' },
      {
        stream: 'cdr-DE-ABC-4',
        revision: '2',
        position: '12',
        reason: expect.stringMatching(/^event cannot be read: metadata is not JSON \(.+\)$/),
      },
    ]);
    // The log it was copied from is untouched and still verifies.
    const original = verify(data_dir);
    expect(original.status).toBe(0);
    expect(JSON.parse(original.stdout.trim().split('\n').pop()!)).toMatchObject({
      intact: true,
      events_checked: 15,
      events_damaged: 0,
      streams: 5,
    });
  });

  it('reports damaged KurrentDB events by stream and verifies the rest (gRPC double)', async () => {
    const double = await startKurrentDbDouble();
    try {
      const store = await createEventStore({
        connection: double.connectionString,
        data_dir: tmpdir(),
      });
      await writeStreams(store, 4);
      await store.close();
      const intact = await verifyAgainst(double.connectionString);
      expect(intact.status).toBe(0);
      const not_json = Buffer.from('{"amount_minor":', 'utf8');
      double.log.damage('cdr-DE-ABC-1', 1n, { data: not_json });
      double.log.damage('cdr-DE-ABC-2', 0n, { customMetadata: not_json });
      double.log.damage('cdr-DE-ABC-3', 2n, { contentType: 'application/octet-stream' });

      const result = await verifyAgainst(double.connectionString);

      expect(result.stderr).not.toMatch(/SyntaxError|AssertionError|at .*\.js/);
      expect(result.status).toBe(1);
      const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
      expect(summary).toMatchObject({ intact: false, events_checked: 12, events_damaged: 3 });
      expect(summary).toMatchObject({ streams: 4 });
      expect(
        summary.violations.map((violation: Record<string, string>) => [
          violation.stream,
          violation.revision,
          violation.reason,
        ]),
      ).toEqual([
        ['cdr-DE-ABC-1', '1', 'event cannot be read: data is not JSON, or not a JSON object'],
        ['cdr-DE-ABC-2', '0', 'event cannot be read: metadata is not JSON'],
        [
          'cdr-DE-ABC-3',
          '2',
          'event cannot be read: data is not JSON (the event is not application/json)',
        ],
      ]);
    } finally {
      await double.stop();
    }
  });
});
