import type { EventStore } from '#event-store';
import {
  EXTRAWEST_LOCATION,
  EXTRAWEST_SESSION,
  EXTRAWEST_TARIFF,
  extrawestCdr,
} from '#ocpi/test-support/extrawest-fixtures.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import {
  checkUbl,
  closePeriod,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';
import { AGREEMENT, ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Issue 9, item 3 (the input side): what a real CPO back-end (extrawest_ocpi) pushes is received.
 * Explicit `null` for every optional field, floats such as `10.0`, `tariffs: []`, no
 * X-Request-ID / X-Correlation-ID, and CDRs without `cdr_location.evse_uid`; a correct CDR of
 * such a sender is POSTED and settles into invoices that render.
 */
describe('a real CPO back-end pushing its own shapes (extrawest_ocpi)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  /** JSON text as the CPO wrote it (floats kept), with no request id headers. */
  const push = (method: 'put' | 'post', path: string, json: string) =>
    api
      .http()
      [method](path)
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .set('Content-Type', 'application/json')
      .send(json);
  const held = (path: string) =>
    api.http().get(path).set('Authorization', api.ocpiToken(CPO_TOKEN));
  const ledger = (id: string) =>
    api.http().get(`/v1/cdrs/DE/ABC/${id}`).set('Authorization', api.admin());

  it('receives a Location with every optional field null and floats; echoes a generated X-Request-ID', async () => {
    const response = await push('put', '/ocpi/2.2.1/locations/DE/ABC/LOC1', EXTRAWEST_LOCATION);
    expect(response.status).toBe(200);
    expect(response.body.status_code).toBe(1000);
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.headers['x-correlation-id']).toBe(response.headers['x-request-id']);
    const location = await held('/ocpi/2.2.1/locations/DE/ABC/LOC1');
    expect(location.body.data).toMatchObject({
      id: 'LOC1',
      name: null,
      energy_mix: null,
      evses: [{ uid: 'EVSE1', connectors: [{ max_voltage: 230, max_electric_power: null }] }],
    });
  });

  it('receives a Tariff with null optional fields and a float VAT', async () => {
    const response = await push('put', '/ocpi/2.2.1/tariffs/DE/ABC/T1', EXTRAWEST_TARIFF);
    expect(response.status).toBe(200);
    expect(response.body.status_code).toBe(1000);
    const tariff = await held('/ocpi/2.2.1/tariffs/DE/ABC/T1');
    expect(tariff.body.data).toMatchObject({ id: 'T1', end_date_time: null, min_price: null });
  });

  it('receives a Session with null optional fields and kwh 0.0', async () => {
    const response = await push('put', '/ocpi/2.2.1/sessions/DE/ABC/SES1', EXTRAWEST_SESSION);
    expect(response.status).toBe(200);
    expect(response.body.status_code).toBe(1000);
    const session = await held('/ocpi/2.2.1/sessions/DE/ABC/SES1');
    expect(session.body.data).toMatchObject({ id: 'SES1', kwh: 0, end_date_time: null });
  });

  it('POSTs its CDR (nulls, floats, tariffs: []): received 201 and POSTED at its total_cost', async () => {
    const response = await push('post', '/ocpi/2.2.1/cdrs', extrawestCdr('CDR-XW1'));
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe('/ocpi/2.2.1/cdrs/DE/ABC/CDR-XW1');
    const view = await ledger('CDR-XW1');
    expect(view.body).toMatchObject({
      status: 'POSTED',
      cdr: { id: 'CDR-XW1', tariffs: [], remark: null, total_energy: 10 },
      price: { currency: 'EUR', total_cost: { excl_vat: '2.5', incl_vat: '2.75' } },
    });
    expect(view.body.postings.length).toBeGreaterThanOrEqual(2);
  });

  it('records the generated request id in the metadata of the events the request appended', async () => {
    const response = await push('post', '/ocpi/2.2.1/cdrs', extrawestCdr('CDR-XW2'));
    expect(response.status).toBe(201);
    const request_id = response.headers['x-request-id'];
    expect(request_id).toMatch(UUID);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const correlations: string[] = [];
    for await (const event of store.readStream('cdr-DE-ABC-CDR-XW2')) {
      correlations.push(event.metadata.correlation_id);
    }
    expect(correlations.length).toBeGreaterThan(0);
    expect(new Set(correlations)).toEqual(new Set([request_id]));
  });

  it("echoes the caller's own X-Request-ID and X-Correlation-ID when it sends them", async () => {
    const response = await api
      .http()
      .get('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .set('X-Request-ID', 'req-1')
      .set('X-Correlation-ID', 'corr-1');
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-correlation-id']).toBe('corr-1');
  });

  it('receives a CDR without cdr_location.evse_uid (201): the CDR is kept, not lost', async () => {
    const response = await push('post', '/ocpi/2.2.1/cdrs', extrawestCdr('CDR-XW3', null));
    expect(response.status).toBe(201);
    const view = await ledger('CDR-XW3');
    expect(view.status).toBe(200);
    expect(view.body.cdr.cdr_location).not.toHaveProperty('evse_uid');
    // Never posted on an incomplete CDR: held with the reason named, for a handler or the CPO.
    expect(view.body.status).toBe('MISSING_EVSE_UID');
  });

  it('settles such CDRs into a statement whose invoices render as UBL and HTML', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = await closePeriod(api, AGREEMENT.id);
    expect(closed.status).toBe(201);
    const invoices = closed.body.invoices as Array<{ id: string }>;
    expect(invoices.length).toBeGreaterThan(0);
    for (const invoice of invoices) {
      const xml = await api
        .http()
        .get(`/v1/invoices/${invoice.id}.xml`)
        .set('Authorization', api.admin());
      expect(xml.status).toBe(200);
      checkUbl(xml.text);
      const html = await api
        .http()
        .get(`/v1/invoices/${invoice.id}.html`)
        .set('Authorization', api.admin());
      expect(html.status).toBe(200);
      expect(html.text).not.toContain('null');
    }
  });
});

/**
 * extrawest_ocpi lower-cases every CiString in the bodies it sends while its URLs keep the CPO's
 * own case: all of it is one party's objects, and the CDR settles (CiString identity).
 */
describe('a real CPO back-end that lower-cases every CiString in its bodies', () => {
  const LOWERED = ['DE', 'ABC', 'LOC1', 'EVSE1', 'T1', 'SES1', 'NL', 'XYZ', 'CDR-LC1'];
  const lowered = (json: string) =>
    LOWERED.reduce((text, id) => text.replaceAll(`"${id}"`, `"${id.toLowerCase()}"`), json);

  it('receives its Location, Tariff, Session and CDR under upper-case URLs and POSTs the CDR', async () => {
    const api = await ApiHarness.start();
    try {
      await api.registerStandardPartners();
      const agreement = await api
        .http()
        .post('/admin/agreements')
        .set('Authorization', api.admin())
        .send(AGREEMENT);
      expect(agreement.status).toBe(201);
      const push = (method: 'put' | 'post', path: string, json: string) =>
        api
          .http()
          [method](path)
          .set('Authorization', api.ocpiToken(CPO_TOKEN))
          .set('Content-Type', 'application/json')
          .send(lowered(json));
      expect(
        (await push('put', '/ocpi/2.2.1/locations/DE/ABC/LOC1', EXTRAWEST_LOCATION)).status,
      ).toBe(200);
      expect((await push('put', '/ocpi/2.2.1/tariffs/DE/ABC/T1', EXTRAWEST_TARIFF)).status).toBe(
        200,
      );
      expect(
        (await push('put', '/ocpi/2.2.1/sessions/DE/ABC/SES1', EXTRAWEST_SESSION)).status,
      ).toBe(200);
      const posted = await push('post', '/ocpi/2.2.1/cdrs', extrawestCdr('CDR-LC1'));
      expect(posted.status).toBe(201);
      // Again, in the CPO's own case this time: the same CDR, acknowledged.
      const again = await api
        .http()
        .post('/ocpi/2.2.1/cdrs')
        .set('Authorization', api.ocpiToken(CPO_TOKEN))
        .set('Content-Type', 'application/json')
        .send(extrawestCdr('CDR-LC1'));
      expect(again.status).toBe(200);
      const view = await api
        .http()
        .get('/v1/cdrs/DE/ABC/CDR-LC1')
        .set('Authorization', api.admin());
      expect(view.body).toMatchObject({ status: 'POSTED', cdr: { id: 'cdr-lc1' } });
    } finally {
      await api.stop();
    }
  });
});
