import { validCdr, validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import {
  AGREEMENT,
  ApiHarness,
  CPO_TOKEN,
  EMSP_TOKEN,
  OTHER_CPO_TOKEN,
} from '../test-support/api-harness.js';

describe('OCPI CDRs receiver and GET /v1/cdrs', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerStandardPartners();
    const agreement = await api
      .http()
      .post('/admin/agreements')
      .set('Authorization', api.admin())
      .send(AGREEMENT);
    expect(agreement.status).toBe(201);
    const cpo = api.ocpiToken(CPO_TOKEN);
    const location = await api
      .http()
      .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Authorization', cpo)
      .send(validLocation());
    expect(location.status).toBe(200);
    const tariff = await api
      .http()
      .put('/ocpi/2.2.1/tariffs/DE/ABC/T1')
      .set('Authorization', cpo)
      .send(validTariff());
    expect(tariff.status).toBe(200);
  });
  afterAll(async () => {
    await api.stop();
  });

  const post = (body: unknown, token = CPO_TOKEN) =>
    api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', api.ocpiToken(token))
      .send(body as object);
  const ledger = (id: string, auth = api.admin()) =>
    api.http().get(`/v1/cdrs/DE/ABC/${id}`).set('Authorization', auth);

  it('posts a CDR (201 + Location), serves it back, acknowledges a retry, refuses other content', async () => {
    const created = await post(validCdr());
    expect(created.status).toBe(201);
    expect(created.body.status_code).toBe(1000);
    expect(created.headers.location).toBe('/ocpi/2.2.1/cdrs/DE/ABC/CDR1');
    const fetched = await api
      .http()
      .get(created.headers.location!)
      .set('Authorization', api.ocpiToken(CPO_TOKEN));
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({
      status_code: 1000,
      data: { id: 'CDR1', total_energy: 10 },
    });
    const again = await post(validCdr());
    expect(again.status).toBe(200);
    expect(again.headers.location).toBe('/ocpi/2.2.1/cdrs/DE/ABC/CDR1');
    const other = await post(validCdr({ total_energy: 11 }));
    expect(other.status).toBe(409);
    expect(other.body.status_code).toBe(2000);
  });

  it('GET /v1/cdrs shows the posting at the CPO price (admin, CPO and eMSP; not others)', async () => {
    const response = await ledger('CDR1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      cdr: { id: 'CDR1' },
      status: 'POSTED',
      price: { currency: 'EUR', total_cost: { excl_vat: '2.5', incl_vat: '2.75' } },
    });
    expect(response.body.postings.length).toBeGreaterThanOrEqual(2);
    expect((await ledger('CDR1', api.ocpiToken(EMSP_TOKEN))).status).toBe(200);
    expect((await ledger('CDR1', api.ocpiToken(CPO_TOKEN))).status).toBe(200);
    expect((await ledger('CDR1', api.ocpiToken(OTHER_CPO_TOKEN))).status).toBe(403);
    expect((await ledger('CDR1', 'Bearer wrong')).status).toBe(401);
    expect((await ledger('NOPE')).status).toBe(404);
  });

  it('holds a CDR whose price differs beyond the tolerance (PRICE_MISMATCH)', async () => {
    expect(
      (await post(validCdr({ id: 'CDR2', total_cost: { excl_vat: 3, incl_vat: 3.3 } }))).status,
    ).toBe(201);
    const response = await ledger('CDR2');
    expect(response.body).toMatchObject({ status: 'PRICE_MISMATCH', postings: [] });
  });

  it('holds a CDR without a tariff (NO_TARIFF)', async () => {
    const cdr = validCdr({ id: 'CDR3', tariffs: [] });
    (cdr.charging_periods as Array<Record<string, unknown>>)[0]!.tariff_id = 'UNKNOWN';
    expect((await post(cdr)).status).toBe(201);
    expect((await ledger('CDR3')).body.status).toBe('NO_TARIFF');
  });

  it('reassesses a held CDR once its tariff arrives (admin only)', async () => {
    const cdr = validCdr({ id: 'CDR-LATE', tariffs: [] });
    (cdr.charging_periods as Array<Record<string, unknown>>)[0]!.tariff_id = 'LATE';
    expect((await post(cdr)).status).toBe(201);
    expect((await ledger('CDR-LATE')).body.status).toBe('NO_TARIFF');
    const reassess = (auth: string, id = 'CDR-LATE') =>
      api.http().post(`/v1/cdrs/DE/ABC/${id}/reassess`).set('Authorization', auth);
    expect((await reassess(api.ocpiToken(CPO_TOKEN))).status).toBe(401);
    const late_tariff = await api
      .http()
      .put('/ocpi/2.2.1/tariffs/DE/ABC/LATE')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(validTariff({ id: 'LATE' }));
    expect(late_tariff.status).toBe(200);
    const response = await reassess(api.admin());
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('POSTED');
    expect((await reassess(api.admin())).status).toBe(409);
    expect((await reassess(api.admin(), 'NOPE')).status).toBe(404);
  });

  it('refuses invalid CDRs naming the field (400 / 2001), no token (401), other party (403)', async () => {
    const cdr = validCdr({ id: 'CDR4' });
    (cdr.cdr_token as Record<string, unknown>).uid = 'u'.repeat(37);
    const invalid = await post(cdr);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status_code: 2001 });
    expect(invalid.body.status_message).toContain('cdr_token.uid');
    const missing = validCdr({ id: 'CDR4' });
    delete missing.total_cost;
    expect((await post(missing)).body.status_message).toContain('total_cost');
    expect((await api.http().post('/ocpi/2.2.1/cdrs').send(validCdr())).status).toBe(401);
    expect((await post(validCdr({ id: 'CDR5' }), OTHER_CPO_TOKEN)).status).toBe(403);
    expect((await ledger('CDR4')).status).toBe(404);
  });

  it('credits a posted CDR with a credit CDR; the original becomes CREDITED', async () => {
    expect((await post(validCdr({ id: 'CDR6' }))).status).toBe(201);
    const credit = validCdr({
      id: 'CDR6-CREDIT',
      credit: true,
      credit_reference_id: 'CDR6',
      total_cost: { excl_vat: -2.5, incl_vat: -2.75 },
    });
    const response = await post(credit);
    expect(response.status).toBe(201);
    expect((await ledger('CDR6')).body.status).toBe('CREDITED');
    expect((await ledger('CDR6-CREDIT')).body.status).toBe('POSTED');
    const second = await post({ ...credit, id: 'CDR6-CREDIT2' });
    expect(second.status).toBe(409);
  });

  it('turns 50 concurrent deliveries of one CDR into one CDR and one transaction', async () => {
    const cdr = validCdr({ id: 'CDR-CONCURRENT' });
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(cdr)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    const view = await ledger('CDR-CONCURRENT');
    expect(view.body.status).toBe('POSTED');
    const store = api.app.get<{ readStream(s: string): AsyncIterable<{ type: string }> }>(
      (await import('../infrastructure/event-store.provider.js')).EVENT_STORE,
    );
    const types: string[] = [];
    for await (const event of store.readStream('cdr-DE-ABC-CDR-CONCURRENT')) types.push(event.type);
    expect(types).toEqual(['CdrReceived', 'CdrPosted']);
  });
});
