import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '#event-store';
import { validCdr, validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { AGREEMENT, ApiHarness, CPO_TOKEN, EMSP_TOKEN } from '../test-support/api-harness.js';

export const AUDITOR_TOKEN = 'auditor-token-0123456789';
export const HANDLER_TOKEN = 'handler-token-0123456789';

const auditor = { id: 'audit-1', role: 'AUDITOR', name: 'Audit Firm', token: AUDITOR_TOKEN };
const handler = { id: 'handler-1', role: 'DISPUTE_HANDLER', name: 'Dana', token: HANDLER_TOKEN };

describe('POST /admin/principals and the role policy', () => {
  let api: ApiHarness;
  const bearer = (token: string) => `Bearer ${token}`;
  const register = (body: object, auth = api.admin()) =>
    api.http().post('/admin/principals').set('Authorization', auth).send(body);

  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerStandardPartners();
    await api.http().post('/admin/agreements').set('Authorization', api.admin()).send(AGREEMENT);
    const cpo = api.ocpiToken(CPO_TOKEN);
    await api
      .http()
      .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Authorization', cpo)
      .send(validLocation());
    await api
      .http()
      .put('/ocpi/2.2.1/tariffs/DE/ABC/T1')
      .set('Authorization', cpo)
      .send(validTariff());
    expect(
      (await api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo).send(validCdr())).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('registers (201), acknowledges the same body (200), refuses another body (409)', async () => {
    const first = await register(auditor);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 'audit-1', role: 'AUDITOR', name: 'Audit Firm' });
    expect((await register(auditor)).status).toBe(200);
    const other = await register({ ...auditor, name: 'Someone else' });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('principal_conflict');
    expect((await register(handler)).status).toBe(201);
  });

  it('refuses a token another principal holds (409) and bad input naming the field (400)', async () => {
    const taken = await register({ ...handler, id: 'handler-2' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('principal_token_in_use');
    for (const [body, field] of [
      [{ ...handler, id: 'h-3', role: 'CPO' }, 'role'],
      [{ ...handler, id: 'no spaces allowed' }, 'id'],
      [{ ...handler, id: 'h-4', token: 'short' }, 'token'],
    ] as const) {
      const response = await register(body);
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    }
  });

  it('keeps /admin for the admin: a principal 403, a wrong bearer 401', async () => {
    expect((await register({ ...handler, id: 'h-5' }, bearer(HANDLER_TOKEN))).status).toBe(403);
    expect((await register({ ...handler, id: 'h-5' }, bearer(AUDITOR_TOKEN))).status).toBe(403);
    expect((await register({ ...handler, id: 'h-5' }, bearer('not-a-known-token'))).status).toBe(
      401,
    );
  });

  it('lets an auditor read every party and write nothing', async () => {
    const get = (path: string) => api.http().get(path).set('Authorization', bearer(AUDITOR_TOKEN));
    expect((await get('/v1/partners/DE/ABC/balances')).status).toBe(200);
    expect((await get('/v1/partners/NL/XYZ/transactions')).status).toBe(200);
    expect((await get('/v1/partners/NL/XYZ/invoices')).status).toBe(200);
    expect((await get('/v1/cdrs/DE/ABC/CDR1')).status).toBe(200);
    const payment = await api
      .http()
      .post('/v1/payments')
      .set('Authorization', bearer(AUDITOR_TOKEN))
      .send({});
    expect(payment.status).toBe(403);
    const close = await api
      .http()
      .post(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', bearer(AUDITOR_TOKEN))
      .send({});
    expect(close.status).toBe(403);
  });

  it('lets a dispute handler read CDRs of every party and their lineage, but not balances', async () => {
    const get = (path: string) => api.http().get(path).set('Authorization', bearer(HANDLER_TOKEN));
    expect((await get('/v1/cdrs/DE/ABC/CDR1')).status).toBe(200);
    expect((await get('/v1/audit/cdrs/DE/ABC/CDR1')).status).toBe(200);
    expect(
      (await get('/v1/audit/journal?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')).status,
    ).toBe(403);
    expect((await get('/v1/partners/DE/ABC/balances')).status).toBe(403);
    const partner = await api
      .http()
      .get('/v1/partners/NL/XYZ/balances')
      .set('Authorization', api.ocpiToken(EMSP_TOKEN));
    expect(partner.status).toBe(200);
  });

  it('records the acting principal in the metadata of every event', async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const principals = new Map<string, string>();
    for await (const event of store.readAll()) {
      principals.set(event.stream, String((event.metadata as { principal?: unknown }).principal));
    }
    expect(principals.get('principal-audit-1')).toBe('admin');
    expect(principals.get('cdr-DE-ABC-CDR1')).toBe('partner:DE/ABC');
  });

  it('documents the principal and dispute routes in OpenAPI', async () => {
    const json = await api.http().get('/docs-json');
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/admin/principals',
        '/v1/disputes',
        '/v1/disputes/{id}',
        '/v1/disputes/{id}/evidence',
        '/v1/disputes/{id}/resolution',
        '/v1/partners/{country_code}/{party_id}/disputes',
      ]),
    );
    const resolution = json.body.paths['/v1/disputes/{id}/resolution'].post;
    expect(
      resolution.requestBody.content['application/json'].schema.properties.outcome.enum,
    ).toEqual(['REJECTED', 'ADJUSTED', 'VOIDED']);
  });

  it('stores principal tokens only as SHA-256 hashes', async () => {
    for (const file of readdirSync(api.data_dir)) {
      const content = readFileSync(join(api.data_dir, file));
      expect(content.includes(AUDITOR_TOKEN)).toBe(false);
      expect(content.includes(HANDLER_TOKEN)).toBe(false);
    }
  });
});
