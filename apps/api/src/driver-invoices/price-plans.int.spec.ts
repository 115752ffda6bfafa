import { ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import { setUpSettlement } from '../statements/test-support/settlement-setup.js';

const PLAN = { markup_percent: '10', fee_per_session: '0.35' };

describe('end-customer price plans (PUT/GET /admin/partners/{cc}/{pid}/price-plan)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  const put = (path: string, body: unknown, auth = api.admin()) =>
    api
      .http()
      .put(`/admin/partners/${path}/price-plan`)
      .set('Authorization', auth)
      .send(body as object);
  const get = (path: string, auth = api.admin()) =>
    api.http().get(`/admin/partners/${path}/price-plan`).set('Authorization', auth);

  it('404 before the eMSP has a plan', async () => {
    const response = await get('BE/EMS');
    expect(response.status).toBe(404);
  });

  it('sets a plan (201), the same body again changes nothing (200), GET returns it', async () => {
    const created = await put('BE/EMS', PLAN);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      emsp: { country_code: 'BE', party_id: 'EMS' },
      version: 1,
      markup_percent: '10',
      fee_per_session: '0.35',
    });
    const again = await put('be/ems', { markup_percent: '10.0', fee_per_session: '0.350' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    const read = await get('BE/EMS');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, markup_percent: '10' });
    expect(read.body.versions).toHaveLength(1);
  });

  it('a new body is a new version from now; a future one is in force only from then', async () => {
    const changed = await put('BE/EMS', { markup_percent: '12.5', fee_per_session: '0.30' });
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, markup_percent: '12.5' });
    const future = await put('BE/EMS', { ...PLAN, effective_from: '2099-01-01T00:00:00Z' });
    expect(future.status).toBe(201);
    expect(future.body).toMatchObject({ version: 3, effective_from: '2099-01-01T00:00:00Z' });
    const read = await get('BE/EMS');
    expect(read.body).toMatchObject({ version: 2, markup_percent: '12.5' });
    expect(read.body.versions).toHaveLength(3);
  });

  it('409 price_plan_retroactive for an effective_from in the past', async () => {
    const response = await put('BE/EMS', {
      markup_percent: '50',
      fee_per_session: '1',
      effective_from: '2026-01-01T00:00:00Z',
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: 'price_plan_retroactive',
      field: 'effective_from',
    });
  });

  it.each([
    ['markup_percent', { fee_per_session: '0.35' }],
    ['markup_percent', { markup_percent: '-5', fee_per_session: '0.35' }],
    ['fee_per_session', { markup_percent: '10', fee_per_session: 'free' }],
    ['effective_from', { ...PLAN, effective_from: 'next week' }],
    ['$', [PLAN]],
  ])('400 validation_failed naming %s', async (field, body) => {
    const response = await put('NL/XYZ', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation_failed', field });
  });

  it('404 price_plan_partner_unknown / 409 price_plan_partner_not_emsp', async () => {
    const unknown = await put('SE/NOP', PLAN);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('price_plan_partner_unknown');
    const cpo = await put('DE/ABC', PLAN);
    expect(cpo.status).toBe(409);
    expect(cpo.body.error).toBe('price_plan_partner_not_emsp');
  });

  it('401 without the admin token, also for the eMSP itself', async () => {
    expect((await api.http().put('/admin/partners/NL/XYZ/price-plan').send(PLAN)).status).toBe(401);
    expect((await put('NL/XYZ', PLAN, api.ocpiToken(EMSP_TOKEN))).status).toBe(401);
    expect((await get('BE/EMS', api.ocpiToken(EMSP_TOKEN))).status).toBe(401);
  });
});
