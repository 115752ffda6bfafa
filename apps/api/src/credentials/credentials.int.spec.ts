import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validCdr, validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { AGREEMENT, ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import { FakePartnerPlatform } from './test-support/fake-partner-platform.js';

const PUBLIC_URL = 'https://ledger.example.com';
const TIMEOUT_MS = 300;

function cpoCredentials(token: string, url: string, overrides: Record<string, unknown> = {}) {
  const role = { role: 'CPO', country_code: 'DE', party_id: 'ABC' };
  return {
    token,
    url,
    roles: [{ ...role, business_details: { name: 'Alpha Charging GmbH' }, ...overrides }],
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OCPI versions and credentials handshake (a partner platform faked on loopback)', () => {
  let api: ApiHarness;
  let partner: FakePartnerPlatform;
  beforeEach(async () => {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    api = await ApiHarness.start(data_dir, {
      public_url: PUBLIC_URL,
      partner_call_timeout_ms: TIMEOUT_MS,
    });
    partner = await FakePartnerPlatform.start();
    partner.expected_token = 'token-B-from-the-cpo';
  });
  afterEach(async () => {
    await partner.stop();
    await api.stop();
  });

  const token = (value: string) => api.ocpiToken(value);
  const registrationToken = async (cc = 'DE', pid = 'ABC') => {
    const response = await api
      .http()
      .post(`/admin/partners/${cc}/${pid}/registration-token`)
      .set('Authorization', api.admin());
    expect(response.status).toBe(201);
    return response.body.token as string;
  };
  const post = (auth: string, body: unknown) =>
    api
      .http()
      .post('/ocpi/2.2.1/credentials')
      .set('Authorization', auth)
      .send(body as object);
  const streamTypes = async (stream: string) => {
    const store = api.app.get<{ readStream(s: string): AsyncIterable<{ type: string }> }>(
      EVENT_STORE,
    );
    const types: string[] = [];
    for await (const event of store.readStream(stream)) types.push(event.type);
    return types;
  };

  it('serves versions and details (absolute URLs, RECEIVER, module URLs ending in /)', async () => {
    const a = await registrationToken();
    expect((await api.http().get('/ocpi/versions')).status).toBe(401);
    const versions = await api.http().get('/ocpi/versions').set('Authorization', token(a));
    expect(versions.status).toBe(200);
    expect(versions.body.status_code).toBe(1000);
    expect(versions.body.data).toEqual([
      { version: '2.2.1', url: `${PUBLIC_URL}/ocpi/2.2.1` },
      { version: '2.3.0', url: `${PUBLIC_URL}/ocpi/2.3.0` },
    ]);
    for (const version of ['2.2.1', '2.3.0']) {
      const details = await api.http().get(`/ocpi/${version}`).set('Authorization', token(a));
      expect(details.status).toBe(200);
      expect(details.body.data.version).toBe(version);
      const identifiers = details.body.data.endpoints.map(
        (e: { identifier: string }) => e.identifier,
      );
      expect(identifiers).toEqual(['credentials', 'locations', 'tariffs', 'sessions', 'cdrs']);
      for (const endpoint of details.body.data.endpoints) {
        expect(endpoint.role).toBe('RECEIVER');
        expect(endpoint.url).toBe(`${PUBLIC_URL}/ocpi/${version}/${endpoint.identifier}/`);
      }
    }
    const unknown = await api.http().get('/ocpi/9.9').set('Authorization', token(a));
    expect(unknown.status).toBe(404);
    const openapi = await api.http().get('/docs-json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/ocpi/versions',
        '/ocpi/{version}',
        '/ocpi/{version}/credentials',
        '/admin/partners/{country_code}/{party_id}/registration-token',
        '/metrics',
      ]),
    );
  });

  it('registers by handshake; the partner pushes and its CDR settles with token C only', async () => {
    const a = await registrationToken();
    const registered = await post(
      token(a),
      cpoCredentials('token-B-from-the-cpo', partner.versions_url),
    );
    expect(registered.status).toBe(200);
    expect(registered.body.status_code).toBe(1000);
    const c = registered.body.data.token as string;
    expect(c).toMatch(/^[\x21-\x7E]{20,64}$/);
    expect(registered.body.data.url).toBe(`${PUBLIC_URL}/ocpi/versions`);
    expect(registered.body.data.roles[0]).toMatchObject({ role: 'OTHER' });
    const b64 = Buffer.from('token-B-from-the-cpo').toString('base64');
    expect(partner.authorizations).toEqual([`Token ${b64}`, `Token ${b64}`]);

    // The registration token is spent: reuse -> 401, nothing more registered.
    const reuse = await post(token(a), cpoCredentials('token-B-2', partner.versions_url));
    expect(reuse.status).toBe(401);
    expect(reuse.body.status_code).toBe(2000);
    expect((await api.http().get('/ocpi/versions').set('Authorization', token(a))).status).toBe(
      401,
    );
    // Registered: POST again with C -> 405; GET answers the ledger's credentials with C.
    expect((await post(token(c), cpoCredentials('x', partner.versions_url))).status).toBe(405);
    const mine = await api.http().get('/ocpi/2.2.1/credentials').set('Authorization', token(c));
    expect(mine.body.data.token).toBe(c);

    // Usable exactly like a partner registered by POST /admin/partners.
    for (const [cc, pid, role, t] of [
      ['NL', 'XYZ', 'EMSP', EMSP_TOKEN],
      ['NL', 'HUB', 'HUB', 'hub-token'],
    ] as const) {
      expect((await api.registerPartner(cc, pid, role, t)).status).toBe(201);
    }
    const agreement = await api
      .http()
      .post('/admin/agreements')
      .set('Authorization', api.admin())
      .send(AGREEMENT);
    expect(agreement.status).toBe(201);
    const put = (path: string, body: object) =>
      api.http().put(path).set('Authorization', token(c)).send(body);
    expect((await put('/ocpi/2.2.1/locations/DE/ABC/LOC1', validLocation())).status).toBe(200);
    expect((await put('/ocpi/2.2.1/tariffs/DE/ABC/T1', validTariff())).status).toBe(200);
    const cdr = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', token(c))
      .send(validCdr());
    expect(cdr.status).toBe(201);
    const settled = await api.http().get('/v1/cdrs/DE/ABC/CDR1').set('Authorization', api.admin());
    expect(settled.body.status).toBe('POSTED');
    const balances = await api
      .http()
      .get('/v1/partners/DE/ABC/balances')
      .set('Authorization', token(c));
    expect(balances.status).toBe(200);
    expect(balances.body.balances[0].amount).toBe('2.55');

    expect(await streamTypes('partner-DE-ABC')).toEqual(['PartnerRegistered']);
    const store = api.app.get<{
      readStream(s: string): AsyncIterable<{ metadata: { principal: string } }>;
    }>(EVENT_STORE);
    for await (const event of store.readStream('partner-DE-ABC')) {
      expect(event.metadata.principal).toBe('partner:DE/ABC');
    }
    expect(await streamTypes('partner-connection-DE-ABC')).toEqual(['PartnerConnectionRecorded']);
    await api.stop({ keep_data: true });
    for (const file of readdirSync(api.data_dir)) {
      const bytes = readFileSync(join(api.data_dir, file));
      for (const secret of [a, c, 'token-B-from-the-cpo'])
        expect(bytes.includes(secret)).toBe(false);
    }
    api = await ApiHarness.start(api.data_dir);
  });

  it('rotates with PUT (old token C stops at once) and unregisters with DELETE', async () => {
    const a = await registrationToken();
    const c1 = (await post(token(a), cpoCredentials('token-B-from-the-cpo', partner.versions_url)))
      .body.data.token as string;
    const location = (t: string) =>
      api
        .http()
        .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
        .set('Authorization', token(t))
        .send(validLocation());
    expect((await location(c1)).status).toBe(200);

    partner.expected_token = 'token-B-rotated';
    const rotated = await api
      .http()
      .put('/ocpi/2.2.1/credentials')
      .set('Authorization', token(c1))
      .send(cpoCredentials('token-B-rotated', partner.versions_url));
    expect(rotated.status).toBe(200);
    const c2 = rotated.body.data.token as string;
    expect(c2).not.toBe(c1);
    expect((await location(c1)).status).toBe(401);
    expect((await location(c2)).status).toBe(200);

    const deleted = await api
      .http()
      .delete('/ocpi/2.2.1/credentials')
      .set('Authorization', token(c2));
    expect(deleted.status).toBe(200);
    expect(deleted.body.status_code).toBe(1000);
    expect((await location(c2)).status).toBe(401);
    expect((await api.http().get('/ocpi/versions').set('Authorization', token(c2))).status).toBe(
      401,
    );
    expect(await streamTypes('partner-DE-ABC')).toEqual([
      'PartnerRegistered',
      'PartnerTokenRotated',
      'PartnerUnregistered',
    ]);
    // A PUT before registering (a registration token) -> 405.
    const fresh = await registrationToken();
    const early = await api
      .http()
      .put('/ocpi/2.2.1/credentials')
      .set('Authorization', token(fresh))
      .send(cpoCredentials('token-B-rotated', partner.versions_url));
    expect(early.status).toBe(405);
  });

  describe('bad input: the OCPI error, nothing registered, the token still usable', () => {
    const expectRefused = async (
      body: unknown,
      expected: { http: number; status_code: number; message: RegExp },
      try_again = true,
    ) => {
      const a = await registrationToken();
      const started = Date.now();
      const response = await post(token(a), body);
      expect(Date.now() - started).toBeLessThan(3 * TIMEOUT_MS + 2_000);
      expect(response.status).toBe(expected.http);
      expect(response.body.status_code).toBe(expected.status_code);
      expect(response.body.status_message).toMatch(expected.message);
      expect(await streamTypes('partner-DE-ABC')).toEqual([]);
      expect(await streamTypes('partner-connection-DE-ABC')).toEqual([]);
      if (!try_again) return;
      // Nothing spent: the same registration token still works.
      partner.behaviour = 'ocpi';
      const retry = await post(
        token(a),
        cpoCredentials('token-B-from-the-cpo', partner.versions_url),
      );
      expect(retry.status).toBe(200);
    };

    it('a URL that is not http(s) -> 400 / 2001 naming url', async () => {
      await expectRefused(cpoCredentials('token-B-from-the-cpo', 'ftp://127.0.0.1/versions'), {
        http: 400,
        status_code: 2001,
        message: /url/,
      });
    });

    it('an unreachable URL -> 3001 naming the reason', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/ocpi/versions`;
      await expectRefused(cpoCredentials('token-B-from-the-cpo', url), {
        http: 400,
        status_code: 3001,
        message: /unreachable \(ECONNREFUSED\)/,
      });
    });

    it('a platform that never answers -> 3001 within the timeout and its retries', async () => {
      partner.behaviour = 'hang';
      await expectRefused(cpoCredentials('token-B-from-the-cpo', partner.versions_url), {
        http: 400,
        status_code: 3001,
        message: new RegExp(`no answer within ${TIMEOUT_MS} ms`),
      });
      expect(partner.authorizations.length).toBe(3 + 2);
    });

    it('an answer that is not OCPI (JSON or HTML) -> 3001', async () => {
      partner.behaviour = 'not-ocpi';
      await expectRefused(cpoCredentials('token-B-from-the-cpo', partner.versions_url), {
        http: 400,
        status_code: 3001,
        message: /not an OCPI response/,
      });
      partner.behaviour = 'html';
      const a = await registrationToken();
      const html = await post(
        token(a),
        cpoCredentials('token-B-from-the-cpo', partner.versions_url),
      );
      expect(html.body).toMatchObject({ status_code: 3001 });
      expect(html.body.status_message).toMatch(/not JSON/);
    });

    it('no mutual version -> 3002; no credentials endpoint -> 3003', async () => {
      partner.behaviour = 'other-version';
      await expectRefused(cpoCredentials('token-B-from-the-cpo', partner.versions_url), {
        http: 400,
        status_code: 3002,
        message: /2\.1\.1/,
      });
      partner.behaviour = 'no-credentials';
      const a = await registrationToken();
      const response = await post(
        token(a),
        cpoCredentials('token-B-from-the-cpo', partner.versions_url),
      );
      expect(response.body.status_code).toBe(3003);
    });

    it('a role of another party, an unsettled role, no roles -> 400 / 2001 naming the field', async () => {
      const url = partner.versions_url;
      const other_party = cpoCredentials('token-B-from-the-cpo', url, { party_id: 'XYZ' });
      const expected = { http: 400, status_code: 2001 };
      await expectRefused(other_party, { ...expected, message: /roles\[0\].*DE\/ABC/ }, false);
      const nsp = cpoCredentials('token-B-from-the-cpo', url, { role: 'NSP' });
      await expectRefused(nsp, { ...expected, message: /roles\[0\]\.role/ }, false);
      await expectRefused(
        { token: 'token-B-from-the-cpo', url, roles: [] },
        {
          http: 400,
          status_code: 2001,
          message: /roles/,
        },
      );
    });

    it('an unknown or missing token on POST: 401', async () => {
      expect((await post('Token bm9wZQ==', cpoCredentials('b', partner.versions_url))).status).toBe(
        401,
      );
      expect((await post('', cpoCredentials('b', partner.versions_url))).status).toBe(401);
    });
  });
});
