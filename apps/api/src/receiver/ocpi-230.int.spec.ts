import {
  validCdr,
  validLocation,
  validSession,
  validTariff,
  type Json,
} from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

/** An OCPI 2.3.0 tariff: validTariff's 0.25 EUR/kWh with `tax_included` (10 % VAT). */
function tariff230(overrides: Json = {}): Json {
  return validTariff({ id: 'T230', tax_included: 'NO', ...overrides });
}

/**
 * A 2.3.0 CDR of 10 kWh at tariff T230 (2.50 before taxes, 0.25 VAT): validCdr with a 2.3.0
 * Price and an embedded 2.3.0 tariff.
 */
function cdr230(id: string, overrides: Json = {}): Json {
  const cdr = validCdr({
    id,
    tariffs: [tariff230()],
    total_cost: {
      before_taxes: 2.5,
      taxes: [{ name: 'VAT', percentage: 10, amount: 0.25 }],
    },
    ...overrides,
  });
  const periods = cdr.charging_periods as Json[];
  const tariff_id = ((cdr.tariffs as Json[])[0]?.id as string | undefined) ?? 'T230';
  cdr.charging_periods = periods.map((period) => ({ ...period, tariff_id }));
  return cdr;
}

describe('OCPI 2.3.0 receiver paths (tariffs, sessions, CDRs with taxes)', () => {
  let api: ApiHarness;
  const cpo = () => api.ocpiToken(CPO_TOKEN);
  const send = (method: 'put' | 'patch' | 'post', path: string, body: Json) =>
    api.http()[method](path).set('Authorization', cpo()).send(body);
  const ledger = (id: string) =>
    api.http().get(`/v1/cdrs/DE/ABC/${id}`).set('Authorization', api.admin());
  const receivedEvent = async (id: string) => {
    const lineage = await api
      .http()
      .get(`/v1/audit/cdrs/DE/ABC/${id}`)
      .set('Authorization', api.admin());
    expect(lineage.status).toBe(200);
    const events = lineage.body.events as Array<{ type: string; data: Json }>;
    return events.find((event) => event.type === 'CdrReceived')!.data;
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    // The partners, the agreement, and LOC1 and T1 as 2.2.1 objects.
    await api.registerSettlement();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('takes a Location under /ocpi/2.3.0/ as under 2.2.1', async () => {
    const moved = validLocation({ name: 'Gent Zuid 2', last_updated: '2026-01-02T00:00:00Z' });
    const put = await send('put', '/ocpi/2.3.0/locations/DE/ABC/LOC1', moved);
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'Gent Zuid 2' });
  });

  it('publishes 2.3.0 tariffs with tax_included (NO and YES price alike) and serves them back', async () => {
    const no = await send('put', '/ocpi/2.3.0/tariffs/DE/ABC/T230', tariff230());
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ status_code: 1000, data: { version: 1 } });
    // 0.275 incl. 10 % VAT per kWh: the same 0.25 before taxes as T230.
    const yes = tariff230({
      id: 'T230Y',
      tax_included: 'YES',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.275, vat: 10, step_size: 1 }] }],
    });
    expect((await send('put', '/ocpi/2.3.0/tariffs/DE/ABC/T230Y', yes)).status).toBe(200);
    const us = tariff230({
      id: 'T230US',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] }],
    });
    expect((await send('put', '/ocpi/2.3.0/tariffs/DE/ABC/T230US', us)).status).toBe(200);
    const fetched = await api
      .http()
      .get('/ocpi/2.3.0/tariffs/DE/ABC/T230Y')
      .set('Authorization', cpo());
    expect(fetched.body.data).toMatchObject({ id: 'T230Y', tax_included: 'YES' });
  });

  it('stores a 2.3.0 session whose total_cost has taxes, and merges a 2.3.0 PATCH', async () => {
    const session = validSession({
      id: 'S230',
      total_cost: { before_taxes: 1.0, taxes: [{ name: 'VAT', percentage: 10, amount: 0.1 }] },
    });
    expect((await send('put', '/ocpi/2.3.0/sessions/DE/ABC/S230', session)).status).toBe(200);
    const patched = await send('patch', '/ocpi/2.3.0/sessions/DE/ABC/S230', {
      kwh: 4,
      total_cost: { before_taxes: 1.2, taxes: [{ name: 'VAT', percentage: 10, amount: 0.12 }] },
      last_updated: '2026-03-02T10:30:00Z',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ kwh: 4, total_cost: { before_taxes: 1.2 } });
  });

  it('posts a 2.3.0 CDR with VAT at before_taxes + taxes; the event records the taxes as stated', async () => {
    const created = await send('post', '/ocpi/2.3.0/cdrs', cdr230('C230-VAT'));
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/ocpi/2.3.0/cdrs/DE/ABC/C230-VAT');
    const response = await ledger('C230-VAT');
    expect(response.body).toMatchObject({
      status: 'POSTED',
      cdr: { id: 'C230-VAT', total_cost: { before_taxes: 2.5 } },
      price: { total_cost: { excl_vat: '2.5', incl_vat: '2.75' } },
    });
    // The eMSP owes the CPO the total after taxes: 2.50 + 0.25 VAT = 275 cents.
    const emsp_owes = (response.body.postings as Array<{ direction: string; amount_minor: string }>)
      .filter((posting) => posting.direction === 'debit')
      .map((posting) => posting.amount_minor);
    expect(emsp_owes).toContain('275');
    const received = await receivedEvent('C230-VAT');
    expect(received).toMatchObject({
      ocpi_version: '2.3.0',
      claimed_total_cost: { excl_vat: '2.5', incl_vat: '2.75' },
      stated_taxes: [
        { name: 'VAT', account_number: null, percentage: '10', amount: '0.25', is_vat: true },
      ],
    });
    const fetched = await api.http().get(created.headers.location!).set('Authorization', cpo());
    expect(fetched.body.data).toMatchObject({ id: 'C230-VAT', total_cost: { before_taxes: 2.5 } });
  });

  it('prices a CDR against a tax_included YES tariff with the same pricer', async () => {
    const cdr = cdr230('C230-YES', {
      tariffs: [
        tariff230({
          id: 'T230Y',
          tax_included: 'YES',
          elements: [
            { price_components: [{ type: 'ENERGY', price: 0.275, vat: 10, step_size: 1 }] },
          ],
        }),
      ],
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', cdr)).status).toBe(201);
    const response = await ledger('C230-YES');
    expect(response.body).toMatchObject({
      status: 'POSTED',
      price: { total_cost: { excl_vat: '2.5', incl_vat: '2.75' } },
    });
  });

  it('posts a CDR with a tax that is not VAT (US sales tax) and records it as not VAT', async () => {
    const cdr = cdr230('C230-US', {
      tariffs: [
        tariff230({
          id: 'T230US',
          elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] }],
        }),
      ],
      total_cost: {
        before_taxes: 2.5,
        taxes: [{ name: 'State Sales Tax', account_number: 'TX-123', percentage: 8, amount: 0.2 }],
      },
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', cdr)).status).toBe(201);
    const response = await ledger('C230-US');
    expect(response.body.status).toBe('POSTED');
    // Settled after taxes: the sales tax is part of what the eMSP owes (2.50 + 0.20).
    const debits = (response.body.postings as Array<{ direction: string; amount_minor: string }>)
      .filter((posting) => posting.direction === 'debit')
      .map((posting) => posting.amount_minor);
    expect(debits).toContain('270');
    expect(await receivedEvent('C230-US')).toMatchObject({
      claimed_total_cost: { excl_vat: '2.5', incl_vat: '2.7' },
      stated_taxes: [
        {
          name: 'State Sales Tax',
          account_number: 'TX-123',
          percentage: '8',
          amount: '0.2',
          is_vat: false,
        },
      ],
    });
  });

  it('acknowledges the same 2.3.0 CDR again (200) and refuses other content (409)', async () => {
    const again = await send('post', '/ocpi/2.3.0/cdrs', cdr230('C230-VAT'));
    expect(again.status).toBe(200);
    expect(again.body.status_code).toBe(1000);
    const other = cdr230('C230-VAT', {
      total_cost: { before_taxes: 2.5, taxes: [{ name: 'VAT', percentage: 10, amount: 0.26 }] },
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', other)).status).toBe(409);
  });

  it('holds a CDR whose taxes do not add up (TAXES_INCONSISTENT), also in the exception queue', async () => {
    const too_much = cdr230('C230-BAD', {
      total_cost: { before_taxes: 2.5, taxes: [{ name: 'VAT', percentage: 10, amount: 0.9 }] },
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', too_much)).status).toBe(201);
    expect((await ledger('C230-BAD')).body).toMatchObject({
      status: 'TAXES_INCONSISTENT',
      postings: [],
    });
    const after = cdr230('C230-AFTER', {
      total_cost: {
        before_taxes: 2.5,
        after_taxes: 3.0,
        taxes: [{ name: 'VAT', percentage: 10, amount: 0.25 }],
      },
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', after)).status).toBe(201);
    expect((await ledger('C230-AFTER')).body.status).toBe('TAXES_INCONSISTENT');
    const queue = await api
      .http()
      .get('/v1/exceptions?type=CDR_HELD')
      .set('Authorization', api.admin());
    const held = (queue.body.exceptions as Array<{ subject: { cdr?: Json }; details: Json }>).find(
      (exception) => exception.subject.cdr?.id === 'C230-BAD',
    );
    expect(held?.details).toMatchObject({ reason: 'TAXES_INCONSISTENT' });
    const metrics = await api.http().get('/metrics');
    expect(metrics.text).toContain('ledger_cdr_holds_total{reason="TAXES_INCONSISTENT"} 2');
  });

  it('holds a CDR whose total before taxes differs from the ledger price (after taxes agreeing)', async () => {
    const cdr = cdr230('C230-SHIFT', {
      total_cost: { before_taxes: 2.3, taxes: [{ name: 'VAT', amount: 0.45 }] },
    });
    expect((await send('post', '/ocpi/2.3.0/cdrs', cdr)).status).toBe(201);
    const response = await ledger('C230-SHIFT');
    expect(response.body.status).toBe('PRICE_MISMATCH');
  });

  it('refuses an object of the other version (400, 2001, naming the field) and stores nothing', async () => {
    const on221 = await send('post', '/ocpi/2.2.1/cdrs', cdr230('C230-MIX1'));
    expect(on221.status).toBe(400);
    expect(on221.body.status_code).toBe(2001);
    expect(on221.body.status_message).toContain('total_cost.before_taxes');
    const on230 = await send('post', '/ocpi/2.3.0/cdrs', validCdr({ id: 'C230-MIX2' }));
    expect(on230.status).toBe(400);
    expect(on230.body.status_message).toContain('total_cost.excl_vat');
    const tariff_on221 = await send(
      'put',
      '/ocpi/2.2.1/tariffs/DE/ABC/TMIX',
      tariff230({ id: 'TMIX' }),
    );
    expect(tariff_on221.status).toBe(400);
    expect(tariff_on221.body.status_message).toContain('tax_included');
    const no_tax_included = validTariff({ id: 'TMIX' });
    const tariff_on230 = await send('put', '/ocpi/2.3.0/tariffs/DE/ABC/TMIX', no_tax_included);
    expect(tariff_on230.status).toBe(400);
    expect(tariff_on230.body.status_message).toContain('tax_included');
    const session_patch = await send('patch', '/ocpi/2.3.0/sessions/DE/ABC/S230', {
      total_cost: { excl_vat: 1.5, incl_vat: 1.65 },
      last_updated: '2026-03-02T10:40:00Z',
    });
    expect(session_patch.status).toBe(400);
    expect(session_patch.body.status_message).toContain('total_cost.excl_vat');
    for (const id of ['C230-MIX1', 'C230-MIX2']) expect((await ledger(id)).status).toBe(404);
    const tariff = await api
      .http()
      .get('/ocpi/2.3.0/tariffs/DE/ABC/TMIX')
      .set('Authorization', cpo());
    expect(tariff.status).toBe(404);
  });

  it('documents the 2.3.0 paths in the OpenAPI document', async () => {
    const docs = await api.http().get('/docs-json');
    const paths = Object.keys(docs.body.paths as Json);
    for (const path of [
      '/ocpi/2.3.0/cdrs',
      '/ocpi/2.3.0/tariffs/{country_code}/{party_id}/{tariff_id}',
      '/ocpi/2.3.0/sessions/{country_code}/{party_id}/{session_id}',
      '/ocpi/2.3.0/locations/{country_code}/{party_id}/{location_id}',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
