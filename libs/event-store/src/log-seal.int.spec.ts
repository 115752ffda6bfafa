import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { eventIdFor } from './event-id.js';
import { NO_STREAM, type EventStore } from './event-store.port.js';
import { LogNotSealable, sealLog } from './log-seal.js';
import { verifyAgainstSeal } from './seal-verification.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';

const action = { principal: 'admin', correlation_id: 'c-1', sealed_at: '2026-12-01T00:00:00Z' };

async function writeStreams(store: EventStore, count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    const stream = `thing-${index}`;
    const events = [0, 1].map((n) => ({
      id: eventIdFor(stream, String(n)),
      type: 'Counted',
      data: { n },
      metadata: {
        schema_version: 1,
        occurred_at: '2026-11-01T00:00:00Z',
        correlation_id: 'c',
        causation_id: null,
        principal: 'admin',
      },
    }));
    await store.append(stream, events, NO_STREAM);
  }
}

function logFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'ledger-seal-lib-')), 'events.sqlite');
}

describe('seals through the port (embedded store)', () => {
  it('seals, verifies, and pages the manifest of many streams', async () => {
    const path = logFile();
    const store = openSqliteEventStore({ path });
    try {
      await writeStreams(store, 1203);
      const sealed = await sealLog(store, action);
      expect(sealed).toMatchObject({ position: '2406', streams: 1203, manifest_pages: 2 });
      expect(await verifyAgainstSeal(store, sealed.root, null)).toMatchObject({
        intact: true,
        root_now: sealed.root,
        violations: [],
      });
      // Sealing again is a new seal over a log that now holds the first one.
      const again = await sealLog(store, { ...action, sealed_at: '2026-12-02T00:00:00Z' });
      expect(BigInt(again.position)).toBeGreaterThan(BigInt(sealed.position));
      expect((await verifyAgainstSeal(store, sealed.root, null)).intact).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('says the manifest, not the log, was changed when the manifest does not hash to the root', async () => {
    const path = logFile();
    const store = openSqliteEventStore({ path });
    await writeStreams(store, 3);
    const sealed = await sealLog(store, action);
    await store.close();
    const db = new DatabaseSync(path);
    const row = db
      .prepare('SELECT data FROM events WHERE stream = ?')
      .get(sealed.manifest_stream) as { data: string };
    const data = JSON.parse(row.data);
    data.heads[0].revision = '7';
    db.prepare('UPDATE events SET data = ? WHERE stream = ?').run(
      JSON.stringify(data),
      sealed.manifest_stream,
    );
    db.close();
    const reopened = openSqliteEventStore({ path });
    try {
      const result = await verifyAgainstSeal(reopened, sealed.root, null);
      expect(result.intact).toBe(false);
      expect(result.problem).toMatch(/manifest .* does not hash to the root/);
      expect(result.violations.map((v) => v.stream)).toEqual([sealed.manifest_stream]);
      expect(result.root_now).toBe(sealed.root);
    } finally {
      await reopened.close();
    }
  });

  it('checks a root at a given position when the seal event itself is gone', async () => {
    const path = logFile();
    const store = openSqliteEventStore({ path });
    await writeStreams(store, 3);
    const sealed = await sealLog(store, action);
    await store.close();
    const db = new DatabaseSync(path);
    db.prepare("DELETE FROM events WHERE stream = 'ledger-seals'").run();
    db.close();
    const reopened = openSqliteEventStore({ path });
    try {
      const missing = await verifyAgainstSeal(reopened, sealed.root, null);
      expect(missing).toMatchObject({ intact: false, position: null });
      expect(missing.problem).toMatch(/no seal with root/);
      const at = await verifyAgainstSeal(reopened, sealed.root, BigInt(sealed.position));
      // The root still proves the log up to the position; the missing seal is said.
      expect(at).toMatchObject({ intact: true, root_now: sealed.root, violations: [] });
      expect(at.problem).toMatch(/no seal with root/);
    } finally {
      await reopened.close();
    }
  });

  it('refuses to seal a log whose chains are already broken', async () => {
    const path = logFile();
    const store = openSqliteEventStore({ path });
    await writeStreams(store, 2);
    await store.close();
    const db = new DatabaseSync(path);
    db.prepare(
      "UPDATE events SET data = '{\"n\":9}' WHERE stream = 'thing-2' AND revision = 0",
    ).run();
    db.close();
    const reopened = openSqliteEventStore({ path });
    try {
      await expect(sealLog(reopened, action)).rejects.toThrow(LogNotSealable);
      await expect(sealLog(reopened, action)).rejects.toThrow(/thing-2 at revision 0/);
    } finally {
      await reopened.close();
    }
  });
});
