import { AGREEMENT, ApiHarness, CPO_TOKEN, EMSP_TOKEN } from '../test-support/api-harness.js';
import {
  checkUbl,
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';

interface Summary {
  id: string;
  number: string;
  type: 'INVOICE' | 'CREDIT_NOTE';
  issuer: { country_code: string; party_id: string };
  recipient: unknown;
  total_excl_vat: string;
  total_vat: string;
  total_incl_vat: string;
}

const CONTRACT = 'NL-XYZ-C12345678-X';

describe('driver invoices (POST /v1/partners/{cc}/{pid}/driver-invoices)', () => {
  let api: ApiHarness;
  let first: { period: { period_id: string; period_end: string }; invoices: Summary[] };

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'CDR1');
    await postCdr(api, 'CDR2');
  });
  afterAll(async () => {
    await api.stop();
  });

  const closeDrivers = (party: string, body: object = {}, auth = api.admin()) =>
    api.http().post(`/v1/partners/${party}/driver-invoices`).set('Authorization', auth).send(body);

  it('409 price_plan_missing while the eMSP has no price plan; nothing is written', async () => {
    const response = await closeDrivers('NL/XYZ');
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('price_plan_missing');
    const plan = await api
      .http()
      .put('/admin/partners/NL/XYZ/price-plan')
      .set('Authorization', api.admin())
      // The first plan covers the fixtures' sessions (March 2026): never priced retroactively.
      .send({
        markup_percent: '10',
        fee_per_session: '0.35',
        effective_from: '2026-01-01T00:00:00Z',
      });
    expect(plan.status).toBe(201);
  });

  it('409 price_plan_not_in_force for a session before the first plan; nothing written', async () => {
    await postCdr(api, 'CDR-BE1', { emsp: 'BE' });
    const plan = await api
      .http()
      .put('/admin/partners/BE/EMS/price-plan')
      .set('Authorization', api.admin())
      .send({ markup_percent: '10', fee_per_session: '0.35' });
    expect(plan.status).toBe(201);
    const response = await closeDrivers('BE/EMS');
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('price_plan_not_in_force');
    expect(response.body.message).toContain('CDR-BE1');
    const listed = await api
      .http()
      .get('/v1/partners/BE/EMS/invoices')
      .set('Authorization', api.admin());
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain('driver');
  });

  it('issues one invoice per contract id at the plan price with the VAT of charging', async () => {
    const response = await closeDrivers('NL/XYZ');
    expect(response.status).toBe(201);
    first = response.body;
    expect(first.period).toMatchObject({ sequence: 1, period_start: null });
    // 2 sessions x (2.50 x 1.10 + 0.35) = 6.20; DE VAT 19 % = 1.18.
    expect(first.invoices).toEqual([
      expect.objectContaining({
        number: 'NLXYZ-000001',
        type: 'INVOICE',
        issuer: { country_code: 'NL', party_id: 'XYZ' },
        recipient: { contract_id: CONTRACT },
        total_excl_vat: '6.20',
        total_vat: '1.18',
        total_incl_vat: '7.38',
      }),
    ]);
    expect(first.invoices[0]!.id).toContain(CONTRACT);
    expect(first.invoices[0]!.id).not.toMatch(/[./]/);
  });

  it('the same period_end again -> 200 with the same invoices', async () => {
    const response = await closeDrivers('NL/XYZ', { period_end: first.period.period_end });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(first);
  });

  it('lists the driver invoice for the eMSP and renders it as JSON, UBL and HTML', async () => {
    const id = first.invoices[0]!.id;
    const listed = await api
      .http()
      .get('/v1/partners/NL/XYZ/invoices')
      .set('Authorization', api.ocpiToken(EMSP_TOKEN));
    expect(listed.status).toBe(200);
    expect(listed.body.invoices.map((i: Summary) => i.id)).toContain(id);
    const json = await api.http().get(`/v1/invoices/${id}`).set('Authorization', api.admin());
    expect(json.status).toBe(200);
    expect(json.body.recipient).toMatchObject({ party: null, contract_id: CONTRACT });
    expect(json.body.lines).toHaveLength(2);
    const xml = await api.http().get(`/v1/invoices/${id}.xml`).set('Authorization', api.admin());
    expect(xml.status).toBe(200);
    expect(checkUbl(xml.text).type).toBe('INVOICE');
    const html = await api.http().get(`/v1/invoices/${id}.html`).set('Authorization', api.admin());
    expect(html.status).toBe(200);
    expect(html.text).toContain(CONTRACT);
    const other = await api
      .http()
      .get(`/v1/invoices/${id}`)
      .set('Authorization', api.ocpiToken(CPO_TOKEN));
    expect(other.status).toBe(403);
  });

  it('409 for a period_end not after the previous, or in the future', async () => {
    const before = await closeDrivers('NL/XYZ', { period_end: '2026-01-01T00:00:00Z' });
    expect(before.status).toBe(409);
    expect(before.body).toMatchObject({
      error: 'driver_period_not_after_previous',
      field: 'period_end',
    });
    const future = await closeDrivers('NL/XYZ', { period_end: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(409);
    expect(future.body.error).toBe('driver_period_in_future');
  });

  it('a credit CDR of an invoiced session is a credit note in the next period', async () => {
    await postCdr(api, 'CDR3', { credit_of: 'CDR1' });
    const response = await closeDrivers('NL/XYZ');
    expect(response.status).toBe(201);
    expect(response.body.period).toMatchObject({
      sequence: 2,
      period_start: first.period.period_end,
    });
    expect(response.body.invoices).toEqual([
      expect.objectContaining({
        number: 'NLXYZ-000002',
        type: 'CREDIT_NOTE',
        total_excl_vat: '3.10',
      }),
    ]);
  });

  it('a settlement close of the agreement is unaffected by driver invoicing', async () => {
    const response = await closePeriod(api, AGREEMENT.id);
    expect(response.status).toBe(201);
    expect(response.body.statement.cdr_lines).toHaveLength(2);
    expect(response.body.statement.credit_lines).toHaveLength(1);
    expect(response.body.invoices.map((i: Summary) => i.number)).toEqual([
      'DEABC-000001',
      'NLHUB-000001',
    ]);
  });

  it('400 naming period_end; 401 without the admin token', async () => {
    const bad = await closeDrivers('NL/XYZ', { period_end: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed', field: 'period_end' });
    expect((await api.http().post('/v1/partners/NL/XYZ/driver-invoices').send({})).status).toBe(
      401,
    );
    const partner = await closeDrivers('NL/XYZ', {}, api.ocpiToken(EMSP_TOKEN));
    expect(partner.status).toBe(401);
  });

  it('409 for a party that is no registered eMSP', async () => {
    const unknown = await closeDrivers('SE/NOP');
    expect([unknown.status, unknown.body.error]).toEqual([404, 'price_plan_partner_unknown']);
    const cpo = await closeDrivers('DE/ABC');
    expect([cpo.status, cpo.body.error]).toEqual([409, 'price_plan_partner_not_emsp']);
  });
});
