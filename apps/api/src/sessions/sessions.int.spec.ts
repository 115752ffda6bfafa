import { validSession } from '#ocpi/test-support/ocpi-fixtures.js';
import { ReceiverSpecApi } from '../receiver/test-support/receiver-spec-api.js';
import { EMSP_TOKEN } from '../test-support/api-harness.js';

describe('OCPI sessions receiver', () => {
  const api = ReceiverSpecApi.forDescribe();

  const url = (id: string) => `/ocpi/2.2.1/sessions/DE/ABC/${id}`;
  const put = (id: string, body: unknown, token?: string) => api.send('put', url(id), body, token);
  const patch = (id: string, body: unknown) => api.send('patch', url(id), body);

  it('stores a session, updates it by PATCH and acknowledges retries', async () => {
    expect((await put('S1', validSession({ id: 'S1' }))).body.status_code).toBe(1000);
    expect((await put('S1', validSession({ id: 'S1' }))).status).toBe(200);
    const patched = await patch('S1', { kwh: 5.5, last_updated: '2026-03-02T10:30:00Z' });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ kwh: 5.5, status: 'ACTIVE' });
    const fetched = await api.send('get', url('S1'));
    expect(fetched.body.data).toMatchObject({ id: 'S1', kwh: 5.5 });
    const unknown = await api.send('get', url('NOPE'));
    expect(unknown.status).toBe(404);
  });

  it('refuses an energy decrease (409) and an end before the start (400)', async () => {
    await put('S2', validSession({ id: 'S2', kwh: 10 }));
    const less = await patch('S2', { kwh: 4, last_updated: '2026-03-02T10:40:00Z' });
    expect(less.status).toBe(409);
    expect(less.body.status_message).toContain('kwh');
    const early = await patch('S2', {
      end_date_time: '2026-03-02T09:00:00Z',
      last_updated: '2026-03-02T10:40:00Z',
    });
    expect(early.status).toBe(400);
    expect(early.body.status_code).toBe(2001);
  });

  it('refuses updates after COMPLETED (409), but acknowledges the same body', async () => {
    const completed = validSession({
      id: 'S3',
      kwh: 12,
      status: 'COMPLETED',
      end_date_time: '2026-03-02T11:00:00Z',
      last_updated: '2026-03-02T11:00:00Z',
    });
    expect((await put('S3', completed)).status).toBe(200);
    expect((await put('S3', completed)).status).toBe(200);
    const after = await patch('S3', { kwh: 13, last_updated: '2026-03-02T11:10:00Z' });
    expect(after.status).toBe(409);
  });

  it('refuses a PATCH of an unknown session (404 / 2003)', async () => {
    const response = await patch('NOPE', { kwh: 1, last_updated: '2026-03-02T10:00:00Z' });
    expect(response.status).toBe(404);
    expect(response.body.status_code).toBe(2003);
  });

  it('refuses an invalid session naming the field (400) and the eMSP writing CPO data (403)', async () => {
    const invalid = await put('S4', validSession({ id: 'S4', status: 'RUNNING' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.status_message).toContain('status');
    expect((await put('S5', validSession({ id: 'S5' }), EMSP_TOKEN)).status).toBe(403);
    const other_party = await put('S6', validSession({ id: 'S6', party_id: 'XYZ' }));
    expect(other_party.status).toBe(400);
    expect(other_party.body.status_message).toContain('party_id');
  });
});
