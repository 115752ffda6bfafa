import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

describe('POST /admin/partners', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await ApiHarness.start();
  });
  afterEach(async () => {
    await api.stop();
  });

  const body = { country_code: 'DE', party_id: 'ABC', role: 'CPO', name: 'ABC', token: CPO_TOKEN };

  it('registers a partner (201), acknowledges the same body (200), refuses another (409)', async () => {
    const first = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ country_code: 'DE', party_id: 'ABC', role: 'CPO', name: 'ABC' });
    const again = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send(body);
    expect(again.status).toBe(200);
    const other = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...body, name: 'Other name' });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('partner_conflict');
  });

  it('refuses a missing or wrong admin token (401)', async () => {
    expect((await api.http().post('/admin/partners').send(body)).status).toBe(401);
    const wrong = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', 'Bearer nope')
      .send(body);
    expect(wrong.status).toBe(401);
  });

  it('refuses an invalid body naming the field (400)', async () => {
    const response = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...body, role: 'DRIVER' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ field: 'role' });
    expect(response.body.message).toContain('role');
  });

  it('refuses a token another party already holds (409), storing nothing', async () => {
    await api.http().post('/admin/partners').set('Authorization', api.admin()).send(body);
    const response = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...body, party_id: 'DEF' });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('partner_token_in_use');
    const retry = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...body, party_id: 'DEF', token: 'another-token' });
    expect(retry.status).toBe(201);
  });

  it('stores the token only as a SHA-256 hash', async () => {
    await api.http().post('/admin/partners').set('Authorization', api.admin()).send(body);
    await api.stop({ keep_data: true });
    for (const file of readdirSync(api.data_dir)) {
      expect(readFileSync(join(api.data_dir, file)).includes(CPO_TOKEN)).toBe(false);
    }
    api = await ApiHarness.start(api.data_dir);
  });

  it('resolves the partner token after a restart, base64 and plain', async () => {
    await api.http().post('/admin/partners').set('Authorization', api.admin()).send(body);
    await api.stop({ keep_data: true });
    api = await ApiHarness.start(api.data_dir);
    for (const header of [api.ocpiToken(CPO_TOKEN), `Token ${CPO_TOKEN}`]) {
      const response = await api
        .http()
        .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
        .set('Authorization', header)
        .send({});
      expect(response.status).toBe(400);
    }
  });
});

describe('GET /health and /docs', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('answers health and serves the OpenAPI document', async () => {
    expect((await api.http().get('/health')).status).toBe(200);
    const json = await api.http().get('/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/admin/partners',
        '/ocpi/2.2.1/locations/{country_code}/{party_id}/{location_id}',
      ]),
    );
    expect((await api.http().get('/docs')).status).toBe(200);
  });

  it('answers malformed JSON with 400 / 2001 and no stack', async () => {
    const response = await api
      .http()
      .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Content-Type', 'application/json')
      .send('{"id": ');
    // Unauthenticated requests may be refused before the body matters, but never with a 500.
    expect([400, 401]).toContain(response.status);
    expect(JSON.stringify(response.body)).not.toContain('at ');
  });
});
