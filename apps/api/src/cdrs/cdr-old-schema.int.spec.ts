import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, openSqliteEventStore } from '#event-store';
import { validCdr } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

/**
 * A log written by the version before CdrReceived v2: its CDR events have schema_version 1 and no
 * `time_zone_source` (nor, in the oldest, a tariff `source`). The API serves it through the
 * upcasters: the CDR reads back, a redelivery is the same CDR, and rebuilt read models agree.
 */
async function asVersionOneLog(source_dir: string): Promise<string> {
  const target_dir = mkdtempSync(join(tmpdir(), 'ledger-v1-'));
  const source = openSqliteEventStore({ path: join(source_dir, 'events.sqlite') });
  const target = openSqliteEventStore({ path: join(target_dir, 'events.sqlite') });
  try {
    for await (const event of source.readAll()) {
      if (event.type !== 'CdrReceived') {
        await target.append(event.stream, [event], ANY);
        continue;
      }
      const data = event.data as { context: Record<string, unknown> };
      const { time_zone_source, ...context } = data.context;
      expect(time_zone_source).toBe('LOCATION');
      const tariff = { ...(context.tariff as Record<string, unknown>) };
      delete tariff.source;
      const old = {
        ...event,
        data: { ...data, context: { ...context, tariff } },
        metadata: { ...event.metadata, schema_version: 1 },
      };
      await target.append(event.stream, [old], ANY);
    }
  } finally {
    await source.close();
    await target.close();
  }
  return target_dir;
}

describe('events written in an older schema version (upcasters)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('replays a version 1 log: same CDR view, same balances, a redelivery changes nothing', async () => {
    const api = await ApiHarness.start();
    await api.registerSettlement();
    const cpo = api.ocpiToken(CPO_TOKEN);
    const posted = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', cpo)
      .send(validCdr({ id: 'OLD1' }));
    expect(posted.status).toBe(201);
    const view = await api.http().get('/v1/cdrs/DE/ABC/OLD1').set('Authorization', api.admin());
    const balances = await api
      .http()
      .get('/v1/partners/DE/ABC/balances')
      .set('Authorization', api.admin());
    await api.stop({ keep_data: true });
    const old_dir = await asVersionOneLog(api.data_dir);
    dirs.push(api.data_dir, old_dir);

    const replayed = await ApiHarness.start(old_dir);
    try {
      const again = await replayed
        .http()
        .get('/v1/cdrs/DE/ABC/OLD1')
        .set('Authorization', replayed.admin());
      expect(again.status).toBe(200);
      expect(again.body.status).toBe(view.body.status);
      expect(again.body.postings).toEqual(view.body.postings);
      expect(again.body.price).toEqual(view.body.price);
      const old_balances = await replayed
        .http()
        .get('/v1/partners/DE/ABC/balances')
        .set('Authorization', replayed.admin());
      expect(old_balances.body.balances).toEqual(balances.body.balances);
      const redelivered = await replayed
        .http()
        .post('/ocpi/2.2.1/cdrs')
        .set('Authorization', replayed.ocpiToken(CPO_TOKEN))
        .send(validCdr({ id: 'OLD1' }));
      expect(redelivered.status).toBe(200);
      const lineage = await replayed
        .http()
        .get('/v1/audit/cdrs/DE/ABC/OLD1')
        .set('Authorization', replayed.admin());
      expect(lineage.status).toBe(200);
      const received = lineage.body.events.find((e: { type: string }) => e.type === 'CdrReceived');
      // The lineage shows the event as stored (its hash is over that form): version 1.
      expect(received.schema_version).toBe(1);
      expect(received.data.context.time_zone_source).toBeUndefined();
    } finally {
      await replayed.stop();
    }
  });
});
