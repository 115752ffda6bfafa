/**
 * `ledger reconcile` end to end: a real data dir written through the API (a session that ended
 * without a CDR), then the built command run on it twice, then the API started again on the same
 * data dir shows the MISSING_CDR it raised.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validSession } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../../api/src/test-support/api-harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');

function reconcile(data_dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [ledger, 'reconcile', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      LEDGER_DATA_DIR: data_dir,
      LEDGER_EVENT_STORE: 'sqlite',
      LEDGER_REQUEST_LOG: 'off',
      LEDGER_ADMIN_TOKEN: 'cli-admin-token',
    },
  });
}

describe('bin/ledger reconcile', () => {
  it('raises MISSING_CDR once, prints a summary and the run, and the API then lists it', async () => {
    let api = await ApiHarness.start();
    const data_dir = api.data_dir;
    try {
      await api.registerSettlement();
      const session = validSession({
        id: 'SCLI',
        status: 'COMPLETED',
        kwh: 7,
        end_date_time: '2026-03-02T11:00:00Z',
        last_updated: '2026-03-02T11:00:00Z',
      });
      const put = await api
        .http()
        .put('/ocpi/2.2.1/sessions/DE/ABC/SCLI')
        .set('Authorization', api.ocpiToken(CPO_TOKEN))
        .send(session);
      expect(put.status).toBe(200);
      await api.stop({ keep_data: true });

      const first = reconcile(data_dir, '--as-of', '2026-03-10T00:00:00Z');
      expect(first.status).toBe(0);
      expect(first.stderr).toContain(
        'reconcile as of 2026-03-10T00:00:00.000Z: MISSING_CDR 1 new (1 examined), ' +
          'STUCK_SESSION 0 new (0 examined)',
      );
      expect(JSON.parse(first.stdout)).toEqual({
        as_of: '2026-03-10T00:00:00.000Z',
        detected: { MISSING_CDR: 1, STUCK_SESSION: 0 },
        examined: { MISSING_CDR: 1, STUCK_SESSION: 0 },
        more: false,
      });
      const again = reconcile(data_dir, '--as-of', '2026-03-10T00:00:00Z');
      expect(JSON.parse(again.stdout).detected).toEqual({ MISSING_CDR: 0, STUCK_SESSION: 0 });
      const bad = reconcile(data_dir, '--as-of', 'tomorrow');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--as-of must be an ISO-8601 date-time');

      api = await ApiHarness.start(data_dir);
      const listed = await api
        .http()
        .get('/v1/exceptions?type=MISSING_CDR')
        .set('Authorization', api.admin());
      expect(listed.body.exceptions).toMatchObject([
        {
          type: 'MISSING_CDR',
          status: 'OPEN',
          subject: { session: { id: 'SCLI' } },
          detected_by: 'cli',
        },
      ]);
    } finally {
      await api.stop();
    }
  });
});
