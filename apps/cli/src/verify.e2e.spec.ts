/**
 * `ledger verify` end to end: a real embedded log written through the adapter, then verified by
 * the built command; then one event's data altered in the SQLite file behind the adapter's back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { NO_STREAM } from '../../../libs/event-store/src/event-store.port.js';
import { eventIdFor } from '../../../libs/event-store/src/event-id.js';
import { openSqliteEventStore } from '../../../libs/event-store/src/sqlite/sqlite-event-store.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');

function verify(data_dir: string) {
  return spawnSync(process.execPath, [ledger, 'verify'], {
    encoding: 'utf8',
    env: { ...process.env, LEDGER_DATA_DIR: data_dir, LEDGER_EVENT_STORE: 'sqlite' },
  });
}

async function writeLog(data_dir: string): Promise<void> {
  const store = openSqliteEventStore({ path: join(data_dir, 'events.sqlite') });
  for (const stream of ['cdr-DE-ABC-1', 'cdr-DE-ABC-2']) {
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
  await store.close();
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
});
