import { AGREEMENT, ApiHarness } from './test-support/api-harness.js';

/**
 * The whole write path as partners drive it: the administrator registers a CPO, an eMSP and a
 * hub and their agreement; the CPO pushes a Location, a Tariff, a Session through its life and
 * finally the CDR; the ledger prices it from the tariff in force, in the Location's time zone,
 * and posts it. The posting is then found through GET /v1/cdrs, also after a restart.
 */
describe('write path: partners -> agreement -> location -> tariff -> session -> CDR -> posting', () => {
  let api: ApiHarness;
  afterAll(async () => {
    await api.stop();
  });

  const cpo_token = 'e2e-cpo-token';
  const emsp_token = 'e2e-emsp-token';
  const berlin_evening_tariff = {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'EVENING',
    currency: 'EUR',
    elements: [
      {
        // 18:00-22:00 local time: 0.40 / kWh, else 0.30 / kWh (Berlin is UTC+1 in March).
        price_components: [{ type: 'ENERGY', price: 0.4, vat: 19, step_size: 1 }],
        restrictions: { start_time: '18:00', end_time: '22:00' },
      },
      { price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }] },
    ],
    last_updated: '2026-01-01T00:00:00Z',
  };
  const session = {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'SESSION-E2E',
    start_date_time: '2026-03-02T17:30:00Z',
    kwh: 0,
    cdr_token: {
      country_code: 'NL',
      party_id: 'XYZ',
      uid: 'RFID-1',
      type: 'RFID',
      contract_id: 'NL-XYZ-C00000001',
    },
    auth_method: 'WHITELIST',
    location_id: 'LOC-E2E',
    evse_uid: 'EVSE-1',
    connector_id: '1',
    currency: 'EUR',
    status: 'ACTIVE',
    last_updated: '2026-03-02T17:30:00Z',
  };

  it('posts the CDR at the price of the tariff in force, in local time', async () => {
    api = await ApiHarness.start();
    const admin = api.admin();
    for (const [country_code, party_id, role, token] of [
      ['DE', 'ABC', 'CPO', cpo_token],
      ['NL', 'XYZ', 'EMSP', emsp_token],
      ['NL', 'HUB', 'HUB', 'e2e-hub-token'],
    ]) {
      const response = await api
        .http()
        .post('/admin/partners')
        .set('Authorization', admin)
        .send({ country_code, party_id, role, name: `${party_id} Ltd`, token });
      expect(response.status).toBe(201);
    }
    expect(
      (await api.http().post('/admin/agreements').set('Authorization', admin).send(AGREEMENT))
        .status,
    ).toBe(201);

    const cpo = api.ocpiToken(cpo_token);
    const location = {
      country_code: 'DE',
      party_id: 'ABC',
      id: 'LOC-E2E',
      publish: true,
      address: 'Unter den Linden 1',
      city: 'Berlin',
      country: 'DEU',
      coordinates: { latitude: '52.517037', longitude: '13.388860' },
      evses: [],
      time_zone: 'Europe/Berlin',
      last_updated: '2026-01-01T00:00:00Z',
    };
    const put = (path: string, body: object) =>
      api.http().put(`/ocpi/2.2.1/${path}`).set('Authorization', cpo).send(body);
    const patch = (path: string, body: object) =>
      api.http().patch(`/ocpi/2.2.1/${path}`).set('Authorization', cpo).send(body);
    expect((await put('locations/DE/ABC/LOC-E2E', location)).status).toBe(200);
    expect((await put('tariffs/DE/ABC/EVENING', berlin_evening_tariff)).status).toBe(200);
    expect((await put('sessions/DE/ABC/SESSION-E2E', session)).status).toBe(200);
    const charging = await patch('sessions/DE/ABC/SESSION-E2E', {
      kwh: 10,
      last_updated: '2026-03-02T18:00:00Z',
    });
    expect(charging.status).toBe(200);
    const completed = await patch('sessions/DE/ABC/SESSION-E2E', {
      kwh: 20,
      status: 'COMPLETED',
      end_date_time: '2026-03-02T18:30:00Z',
      last_updated: '2026-03-02T18:30:00Z',
    });
    expect(completed.status).toBe(200);

    // 17:30-18:00 UTC is 18:30-19:00 in Berlin: 20 kWh at 0.40 = 8.00 excl., 9.52 incl. 19 % VAT.
    const cdr = {
      country_code: 'DE',
      party_id: 'ABC',
      id: 'CDR-E2E',
      start_date_time: '2026-03-02T17:30:00Z',
      end_date_time: '2026-03-02T18:30:00Z',
      session_id: 'SESSION-E2E',
      cdr_token: session.cdr_token,
      auth_method: 'WHITELIST',
      cdr_location: {
        id: 'LOC-E2E',
        address: 'Unter den Linden 1',
        city: 'Berlin',
        country: 'DEU',
        coordinates: { latitude: '52.517037', longitude: '13.388860' },
        evse_uid: 'EVSE-1',
        evse_id: 'DE*ABC*E1',
        connector_id: '1',
        connector_standard: 'IEC_62196_T2',
        connector_format: 'SOCKET',
        connector_power_type: 'AC_3_PHASE',
      },
      currency: 'EUR',
      charging_periods: [
        {
          start_date_time: '2026-03-02T17:30:00Z',
          dimensions: [{ type: 'ENERGY', volume: 20 }],
          tariff_id: 'EVENING',
        },
      ],
      total_cost: { excl_vat: 8.0, incl_vat: 9.52 },
      total_energy: 20,
      total_time: 1,
      last_updated: '2026-03-02T18:35:00Z',
    };
    const posted = await api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo).send(cdr);
    expect(posted.status).toBe(201);

    await api.stop({ keep_data: true });
    api = await ApiHarness.start(api.data_dir);
    const view = await api
      .http()
      .get('/v1/cdrs/DE/ABC/CDR-E2E')
      .set('Authorization', api.ocpiToken(emsp_token));
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('POSTED');
    expect(view.body.price.total_cost).toEqual({ excl_vat: '8', incl_vat: '9.52' });
    const amounts = view.body.postings.map(
      (posting: { amount_minor: string }) => posting.amount_minor,
    );
    expect(amounts).toContain('952');
    expect(amounts).toContain('20');
  });
});
