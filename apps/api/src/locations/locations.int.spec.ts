import { validLocation } from '#ocpi/test-support/ocpi-fixtures.js';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { ReceiverSpecApi } from '../receiver/test-support/receiver-spec-api.js';
import { CPO_TOKEN, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';

describe('OCPI locations receiver', () => {
  const api = ReceiverSpecApi.forDescribe();

  const url = '/ocpi/2.2.1/locations/DE/ABC/LOC1';
  const put = (body: unknown, path = url, token = CPO_TOKEN) => api.send('put', path, body, token);
  const patch = (body: unknown, path = url) => api.send('patch', path, body);

  it('stores a Location (1000) and acknowledges the same PUT again', async () => {
    const first = await put(validLocation());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status_code: 1000, data: { id: 'LOC1' } });
    expect(typeof first.body.timestamp).toBe('string');
    const again = await put(validLocation());
    expect(again.status).toBe(200);
    expect(again.body.status_code).toBe(1000);
  });

  it('refuses an invalid Location naming the field (400 / 2001)', async () => {
    const location = validLocation();
    (location.evses as Array<Record<string, unknown>>)[0]!.uid = 'u'.repeat(37);
    const response = await put(location);
    expect(response.status).toBe(400);
    expect(response.body.status_code).toBe(2001);
    expect(response.body.status_message).toContain('evses[0].uid');
    expect(response.body).toHaveProperty('data');
  });

  it('refuses malformed JSON with 400 / 2001', async () => {
    const response = await api
      .send('put', url)
      .set('Content-Type', 'application/json')
      .send('{"id": ');
    expect(response.status).toBe(400);
    expect(response.body.status_code).toBe(2001);
  });

  it('refuses a missing or unknown token (401)', async () => {
    expect((await api.harness.http().put(url).send(validLocation())).status).toBe(401);
    const unknown = await put(validLocation(), url, 'not-a-partner');
    expect(unknown.status).toBe(401);
    expect(unknown.body.status_code).toBeGreaterThanOrEqual(2000);
  });

  it("refuses writing another party's Location (403)", async () => {
    const response = await put(validLocation(), url, OTHER_CPO_TOKEN);
    expect(response.status).toBe(403);
  });

  it('refuses a body whose party or id differs from the URL (400)', async () => {
    const response = await put(validLocation({ id: 'LOC2' }));
    expect(response.status).toBe(400);
    expect(response.body.status_message).toContain('id');
  });

  it('PATCH merges, needs last_updated, and refuses an unknown Location (404 / 2003)', async () => {
    await put(validLocation());
    const patched = await patch({ name: 'New name', last_updated: '2026-02-01T00:00:00Z' });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ name: 'New name', time_zone: 'Europe/Berlin' });
    const fetched = await api.send('get', url);
    expect(fetched.body).toMatchObject({ status_code: 1000, data: { name: 'New name' } });
    const foreign = await api.send('get', url, undefined, OTHER_CPO_TOKEN);
    expect(foreign.status).toBe(403);
    const no_time = await patch({ name: 'x' });
    expect(no_time.status).toBe(400);
    expect(no_time.body.status_message).toContain('last_updated');
    const invalid = await patch({ time_zone: 42, last_updated: '2026-02-02T00:00:00Z' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.status_message).toContain('time_zone');
    const unknown = await patch(
      { name: 'x', last_updated: '2026-02-01T00:00:00Z' },
      '/ocpi/2.2.1/locations/DE/ABC/NOPE',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.status_code).toBe(2003);
  });

  it('stores nothing for refused requests', async () => {
    await put(validLocation());
    const store = api.harness.app.get<EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    await put(validLocation({ time_zone: 'Mars/Olympus' }));
    await put(validLocation({ name: 'x' }), url, OTHER_CPO_TOKEN);
    await put(validLocation({ name: 'x' }), url, 'unknown-token');
    await patch({ evses: [{ uid: 'x' }], last_updated: '2026-02-03T00:00:00Z' });
    expect(await store.headPosition()).toBe(before);
  });
});
