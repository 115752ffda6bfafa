import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validCdr } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

/** The value of one sample line (`name{labels} value`) of the text format, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerSettlement();
  });
  afterAll(async () => {
    await api.stop();
  });
  const deliver = (body: object) =>
    api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', api.ocpiToken(CPO_TOKEN)).send(body);

  it('counts CDRs by outcome and holds by reason, in the Prometheus text format', async () => {
    expect((await deliver(validCdr())).status).toBe(201);
    expect((await deliver(validCdr())).status).toBe(200);
    const mismatch = validCdr({ id: 'CDR2', total_cost: { excl_vat: 99, incl_vat: 99 } });
    expect((await deliver(mismatch)).status).toBe(201);
    expect((await deliver({ ...validCdr({ id: 'CDR3' }), currency: 'XXX' })).status).toBe(400);

    const response = await api.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.text;
    expect(text).toContain('# TYPE ledger_cdrs_received_total counter');
    expect(sample(text, 'ledger_cdrs_received_total{outcome="posted",reason=""}')).toBe(1);
    expect(sample(text, 'ledger_cdrs_received_total{outcome="duplicate",reason=""}')).toBe(1);
    expect(sample(text, 'ledger_cdrs_received_total{outcome="refused",reason=""}')).toBe(1);
    expect(sample(text, 'ledger_cdrs_received_total{outcome="held",reason="PRICE_MISMATCH"}')).toBe(
      1,
    );
    expect(sample(text, 'ledger_cdr_holds_total{reason="PRICE_MISMATCH"}')).toBe(1);
  });

  it('times requests by route pattern and status, and appends', async () => {
    const text = (await api.http().get('/metrics')).text;
    expect(text).toContain('# TYPE ledger_http_request_duration_seconds histogram');
    const route = 'route="/ocpi/2.2.1/cdrs",status="201"';
    expect(sample(text, `ledger_http_request_duration_seconds_count{method="POST",${route}}`)).toBe(
      2,
    );
    const location = 'route="/ocpi/2.2.1/locations/:country_code/:party_id/:location_id"';
    expect(text).toContain(`method="PUT",${location},status="200"`);
    expect(text).not.toContain('LOC1');
    expect(text).toContain('# TYPE ledger_event_store_append_duration_seconds histogram');
    expect(
      sample(text, 'ledger_event_store_append_duration_seconds_count{result="ok"}'),
    ).toBeGreaterThan(5);
  });

  it('reports each projection lag in events (0 once caught up)', async () => {
    await api.http().get('/v1/cdrs/DE/ABC/CDR1').set('Authorization', api.admin());
    const text = (await api.http().get('/metrics')).text;
    expect(text).toContain('# TYPE ledger_projection_lag_events gauge');
    expect(sample(text, 'ledger_projection_lag_events{projection="balances"}')).toBe(0);
  });

  it('reports open exceptions by type, as the exception queue holds them', async () => {
    // The queue answers after its projection caught up; the metric reads the same read model.
    const queue = await api
      .http()
      .get('/v1/exceptions?status=OPEN&limit=100')
      .set('Authorization', api.admin());
    expect(queue.status).toBe(200);
    const held = (queue.body.exceptions as { type: string }[]).filter((e) => e.type === 'CDR_HELD');
    expect(held.length).toBeGreaterThan(0);
    const text = (await api.http().get('/metrics')).text;
    expect(text).toContain('# TYPE ledger_open_exceptions gauge');
    expect(sample(text, 'ledger_open_exceptions{type="CDR_HELD"}')).toBe(held.length);
  });
});

describe('GET /metrics with LEDGER_METRICS_TOKEN', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    const data_dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    api = await ApiHarness.start(data_dir, { metrics_token: 'scraper-secret' });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('requires the bearer token: missing or wrong -> 401, right -> 200', async () => {
    expect((await api.http().get('/metrics')).status).toBe(401);
    const wrong = await api.http().get('/metrics').set('Authorization', 'Bearer nope');
    expect(wrong.status).toBe(401);
    const admin = await api.http().get('/metrics').set('Authorization', api.admin());
    expect(admin.status).toBe(401);
    const right = await api.http().get('/metrics').set('Authorization', 'Bearer scraper-secret');
    expect(right.status).toBe(200);
    expect(right.text).toContain('ledger_projection_lag_events');
  });
});
