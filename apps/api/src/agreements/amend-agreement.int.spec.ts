import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';

describe('POST /admin/agreements/{id}/amendments', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.http().post('/admin/agreements').set('Authorization', api.admin()).send(AGREEMENT);
  });
  afterAll(async () => {
    await api.stop();
  });
  const amend = (id: string, body: unknown, auth = api.admin()) =>
    api
      .http()
      .post(`/admin/agreements/${id}/amendments`)
      .set('Authorization', auth)
      .send(body as object);
  const future = '2099-01-01T00:00:00Z';

  it('records a new version from its effective time (201), the same again is 200', async () => {
    const first = await amend(AGREEMENT.id, { effective_from: future, price_tolerance: '0.05' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      version: 2,
      effective_from: future,
      price_tolerance: '0.05',
      currency: 'EUR',
    });
    const again = await amend(AGREEMENT.id, { effective_from: future, price_tolerance: '0.05' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 2 });
  });

  it('refuses a retroactive amendment (409) and changing the parties (400)', async () => {
    const retroactive = await amend(AGREEMENT.id, {
      effective_from: '2020-01-01T00:00:00Z',
      price_tolerance: '0.02',
    });
    expect(retroactive.status).toBe(409);
    expect(retroactive.body.error).toBe('agreement_amendment_retroactive');
    const parties = await amend(AGREEMENT.id, {
      effective_from: future,
      cpo: { country_code: 'FR', party_id: 'AAA' },
    });
    expect(parties.status).toBe(400);
    expect(parties.body.field).toBe('cpo');
  });

  it('refuses an unknown agreement (404), a missing effective_from (400), no admin (401)', async () => {
    expect((await amend('NOPE', { effective_from: future })).status).toBe(404);
    const missing = await amend(AGREEMENT.id, { price_tolerance: '0.02' });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('effective_from');
    expect((await amend(AGREEMENT.id, { effective_from: future }, 'Bearer x')).status).toBe(401);
  });
});
