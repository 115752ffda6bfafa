import { validSession } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

describe('scheduled reconciliation (LEDGER_RECONCILIATION_INTERVAL_MS)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    process.env.LEDGER_RECONCILIATION_INTERVAL_MS = '1000';
    try {
      api = await ApiHarness.start();
    } finally {
      delete process.env.LEDGER_RECONCILIATION_INTERVAL_MS;
    }
    await api.registerSettlement();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('raises a MISSING_CDR on its own, as the scheduler principal', async () => {
    const session = validSession({
      id: 'SSCHED',
      status: 'COMPLETED',
      end_date_time: '2026-03-02T11:00:00Z',
      last_updated: '2026-03-02T11:00:00Z',
    });
    const put = await api
      .http()
      .put('/ocpi/2.2.1/sessions/DE/ABC/SSCHED')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(session);
    expect(put.status).toBe(200);
    let exceptions: { type: string; detected_by: string }[] = [];
    for (let attempt = 0; attempt < 40 && exceptions.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const listed = await api
        .http()
        .get('/v1/exceptions?type=MISSING_CDR')
        .set('Authorization', api.admin());
      exceptions = listed.body.exceptions;
    }
    expect(exceptions).toMatchObject([{ type: 'MISSING_CDR', detected_by: 'scheduler' }]);
  });
});
