import { validCdr, validSession, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { meterKey, ocmfPayload, signedData } from '#cdrs/test-support/ocmf-signing.js';
import { ApiHarness, CPO_TOKEN, EMSP_TOKEN, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';
import { openReadModels, readModelsPath } from '#projections';
import { dumpReadModels } from '#projections/test-support/projection-fixtures.js';

const HANDLER_TOKEN = 'handler-token-recon-0123456789';

/** Exceptions of one CDR or session id, by type (the queue as the admin sees it). */
type Listed = {
  id: string;
  type: string;
  status: string;
  subject: Record<string, { id: string }>;
  details: Record<string, unknown>;
  resolution: Record<string, unknown> | null;
};

describe('the exception queue over HTTP: detections, resolutions, restart and rebuild', () => {
  let api: ApiHarness;
  const cpo = () => api.ocpiToken(CPO_TOKEN);
  const handler = `Bearer ${HANDLER_TOKEN}`;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerSettlement();
    const principal = await api
      .http()
      .post('/admin/principals')
      .set('Authorization', api.admin())
      .send({ id: 'handler-1', role: 'DISPUTE_HANDLER', name: 'Dana', token: HANDLER_TOKEN });
    expect(principal.status).toBe(201);
  });
  afterAll(async () => {
    await api.stop();
  });

  const postCdr = (body: object) =>
    api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo()).send(body);
  const putSession = (body: object) =>
    api
      .http()
      .put(`/ocpi/2.2.1/sessions/DE/ABC/${String((body as { id: string }).id)}`)
      .set('Authorization', cpo())
      .send(body);
  const list = async (query = '', auth = api.admin()) => {
    const response = await api.http().get(`/v1/exceptions${query}`).set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body.exceptions as Listed[];
  };
  const about = async (id: string) =>
    (await list()).filter(
      (exception) => (exception.subject.cdr ?? exception.subject.session)?.id === id,
    );
  const status = async (cdr_id: string) =>
    (await api.http().get(`/v1/cdrs/DE/ABC/${cdr_id}`).set('Authorization', api.admin())).body
      .status as string;
  const resolveCdr = (cdr_id: string, body: object, auth = handler) =>
    api.http().post(`/v1/cdrs/DE/ABC/${cdr_id}/resolution`).set('Authorization', auth).send(body);
  const reconcile = (as_of: string) =>
    api.http().post('/admin/reconciliation/runs').set('Authorization', api.admin()).send({ as_of });

  it('a held CDR is a CDR_HELD exception; partners see only their own', async () => {
    expect(
      (
        await postCdr(
          validCdr({
            id: 'HELD1',
            tariffs: [],
            charging_periods: [
              {
                start_date_time: '2026-03-02T10:00:00Z',
                dimensions: [{ type: 'ENERGY', volume: 10 }],
                tariff_id: 'NOPE',
              },
            ],
          }),
        )
      ).status,
    ).toBe(201);
    const [held] = await about('HELD1');
    expect(held).toMatchObject({
      type: 'CDR_HELD',
      status: 'OPEN',
      party: { country_code: 'DE', party_id: 'ABC' },
      subject: { cdr: { country_code: 'DE', party_id: 'ABC', id: 'HELD1' } },
      details: { reason: 'NO_TARIFF' },
      amount_at_risk: { currency: 'EUR', amount: '2.75' },
    });
    expect((await list('?type=CDR_HELD', cpo())).map((e) => e.id)).toContain(held!.id);
    expect((await list('', api.ocpiToken(EMSP_TOKEN))).map((e) => e.id)).toContain(held!.id);
    expect(await list('', api.ocpiToken(OTHER_CPO_TOKEN))).toEqual([]);
    const bad = await api.http().get('/v1/exceptions?type=NOPE').set('Authorization', api.admin());
    expect(bad.status).toBe(400);
    const refused = await api
      .http()
      .post(`/v1/exceptions/${held!.id}/resolution`)
      .set('Authorization', handler)
      .send({ note: 'fine' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('exception_resolved_with_cdr');
  });

  it('DUPLICATE_SESSION holds a second CDR of a session; REJECT resolves it for good', async () => {
    expect((await postCdr(validCdr({ id: 'DUP1', session_id: 'SDUP' }))).status).toBe(201);
    expect((await postCdr(validCdr({ id: 'DUP2', session_id: 'sdup' }))).status).toBe(201);
    expect(await status('DUP1')).toBe('POSTED');
    expect(await status('DUP2')).toBe('DUPLICATE_SESSION');
    expect((await about('DUP2')).map((e) => [e.type, e.status])).toEqual([
      ['DUPLICATE_SESSION', 'OPEN'],
      ['CDR_HELD', 'OPEN'],
    ]);
    const forbidden = await resolveCdr('DUP2', { decision: 'REJECT', note: 'x' }, cpo());
    expect(forbidden.status).toBe(403);
    const invalid = await resolveCdr('DUP2', { decision: 'MAYBE', note: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.field).toBe('decision');
    const rejected = await resolveCdr('DUP2', { decision: 'REJECT', note: 'sent twice' });
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      postings: [],
      resolution: { decision: 'REJECT', note: 'sent twice', resolved_by: 'principal:handler-1' },
    });
    for (const exception of await about('DUP2')) {
      expect(exception).toMatchObject({
        status: 'RESOLVED',
        resolution: { kind: 'CDR_RESOLVED', decision: 'REJECT', note: 'sent twice' },
      });
    }
    const posted = await resolveCdr('DUP1', { decision: 'POST_CLAIMED', note: 'x' });
    expect(posted.status).toBe(409);
    // A corrected CDR under a new id is no duplicate of the rejected one.
    expect((await postCdr(validCdr({ id: 'DUP3', session_id: 'SDUP2' }))).status).toBe(201);
    expect((await postCdr(validCdr({ id: 'DUP4', session_id: 'SDUP2' }))).status).toBe(201);
    await resolveCdr('DUP4', { decision: 'REJECT', note: 'duplicate' });
    expect((await postCdr(validCdr({ id: 'DUP5', session_id: 'SDUP2' }))).status).toBe(201);
    expect(await status('DUP5')).toBe('DUPLICATE_SESSION');
    // Credit CDR + corrected CDR for one session (OCPI's correction) is no duplicate either.
    expect((await postCdr(validCdr({ id: 'COR1', session_id: 'SCOR' }))).status).toBe(201);
    const credit = validCdr({
      id: 'COR1-CREDIT',
      session_id: 'SCOR',
      credit: true,
      credit_reference_id: 'COR1',
      total_cost: { excl_vat: -2.5, incl_vat: -2.75 },
    });
    expect((await postCdr(credit)).status).toBe(201);
    expect((await postCdr(validCdr({ id: 'COR2', session_id: 'SCOR' }))).status).toBe(201);
    expect(await status('COR2')).toBe('POSTED');
  });

  it('METERING_MISMATCH against the session kWh; POST_LEDGER_PRICE posts it', async () => {
    const session = validSession({
      id: 'SMET',
      status: 'COMPLETED',
      kwh: 12,
      end_date_time: '2026-03-02T11:00:00Z',
      last_updated: '2026-03-02T11:00:00Z',
    });
    expect((await putSession(session)).status).toBe(200);
    expect((await postCdr(validCdr({ id: 'MET1', session_id: 'SMET' }))).status).toBe(201);
    expect(await status('MET1')).toBe('METERING_MISMATCH');
    const [finding] = await about('MET1');
    expect(finding).toMatchObject({
      type: 'METERING_MISMATCH',
      details: { total_energy: '10', energy_dimensions: '10', session_kwh: '12' },
    });
    const posted = await resolveCdr('MET1', { decision: 'POST_LEDGER_PRICE', note: 'CDR right' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'POSTED', price_difference: '0' });
    expect((await about('MET1')).every((e) => e.status === 'RESOLVED')).toBe(true);
  });

  it('IMPLAUSIBLE_CDR: more energy than the connector can deliver in the time', async () => {
    const cdr = validCdr({
      id: 'IMP1',
      total_energy: 30,
      total_cost: { excl_vat: 7.5, incl_vat: 8.25 },
      charging_periods: [
        {
          start_date_time: '2026-03-02T10:00:00Z',
          dimensions: [{ type: 'ENERGY', volume: 30 }],
          tariff_id: 'T1',
        },
      ],
    });
    expect((await postCdr(cdr)).status).toBe(201);
    expect(await status('IMP1')).toBe('IMPLAUSIBLE_CDR');
    expect((await about('IMP1'))[0]!.details.detail).toContain("connector's 10.56 kW");
  });

  it('OCMF signed data: verified posts, tampered and malformed are held, never posted', async () => {
    const key = meterKey('ECDSA-brainpool256r1-SHA256');
    const payload = ocmfPayload(
      { time: '2026-03-02T11:00:05,000+0100 S', kwh: 500 },
      { time: '2026-03-02T11:59:55,000+0100 S', kwh: 510 },
    );
    const good = signedData(key, key.sign(payload));
    expect((await postCdr(validCdr({ id: 'SIG1', signed_data: good }))).status).toBe(201);
    expect(await status('SIG1')).toBe('POSTED');
    const sig1 = await api.http().get('/v1/cdrs/DE/ABC/SIG1').set('Authorization', api.admin());
    expect(sig1.body.context.signed_data).toEqual({
      status: 'VERIFIED',
      signature_method: 'ECDSA-brainpool256r1-SHA256',
      energy_kwh: '10',
      meter_serials: ['BQ27400330016'],
    });
    const tampered = signedData(key, key.sign(payload).replace('510', '511'));
    expect((await postCdr(validCdr({ id: 'SIG2', signed_data: tampered }))).status).toBe(201);
    expect(await status('SIG2')).toBe('SIGNATURE_INVALID');
    const refused = await resolveCdr('SIG2', { decision: 'POST_CLAIMED', note: 'trust me' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('resolution_signature_invalid');
    const malformed = { ...good, public_key: 'not a key!' };
    expect((await postCdr(validCdr({ id: 'SIG3', signed_data: malformed }))).status).toBe(201);
    const [held] = (await about('SIG3')).filter((e) => e.type === 'CDR_HELD');
    expect(held!.details).toMatchObject({
      reason: 'SIGNATURE_INVALID',
      detail: 'signed_data: public_key is neither hex nor base64',
    });
    const not_ocmf = { ...good, encoding_method: 'EDL40' };
    expect((await postCdr(validCdr({ id: 'SIG4', signed_data: not_ocmf }))).status).toBe(201);
    expect(await status('SIG4')).toBe('SIGNATURE_INVALID');
  });

  it('TARIFF_PERIOD_SPLIT flags (never holds) a period across a price boundary', async () => {
    // 11:00-12:00 Berlin crosses 11:30, where energy goes from 0.20 to 0.30: pro rata 2.50.
    const tariff = validTariff({
      id: 'T2',
      elements: [
        {
          price_components: [{ type: 'ENERGY', price: 0.3, vat: 10, step_size: 1 }],
          restrictions: { start_time: '11:30', end_time: '23:00' },
        },
        { price_components: [{ type: 'ENERGY', price: 0.2, vat: 10, step_size: 1 }] },
      ],
    });
    const put = await api
      .http()
      .put('/ocpi/2.2.1/tariffs/DE/ABC/T2')
      .set('Authorization', cpo())
      .send(tariff);
    expect(put.status).toBe(200);
    const cdr = validCdr({
      id: 'SPLIT1',
      tariffs: [tariff],
      charging_periods: [
        {
          start_date_time: '2026-03-02T10:00:00Z',
          dimensions: [{ type: 'ENERGY', volume: 10 }],
          tariff_id: 'T2',
        },
      ],
    });
    expect((await postCdr(cdr)).status).toBe(201);
    expect(await status('SPLIT1')).toBe('POSTED');
    const [flag] = await about('SPLIT1');
    expect(flag).toMatchObject({
      type: 'TARIFF_PERIOD_SPLIT',
      status: 'OPEN',
      holds_cdr: false,
      details: { periods: [0] },
    });
    const resolved = await api
      .http()
      .post(`/v1/exceptions/${flag!.id}/resolution`)
      .set('Authorization', handler)
      .send({ note: 'explained to the eMSP' });
    expect(resolved.status).toBe(201);
    expect(resolved.body.status).toBe('RESOLVED');
  });

  it('MISSING_CDR and STUCK_SESSION by reconciliation runs; detecting twice raises nothing', async () => {
    await putSession(
      validSession({
        id: 'SMISS',
        status: 'COMPLETED',
        kwh: 5,
        end_date_time: '2026-03-02T11:00:00Z',
        last_updated: '2026-03-02T11:00:00Z',
      }),
    );
    await putSession(validSession({ id: 'SSTUCK', last_updated: '2026-03-02T10:00:00Z' }));
    await putSession(validSession({ id: 'SWAKE', last_updated: '2026-03-02T10:00:00Z' }));
    const early = await reconcile('2026-03-03T09:00:00Z');
    expect(early.status).toBe(201);
    expect(early.body.detected).toEqual({ MISSING_CDR: 0, STUCK_SESSION: 0 });
    const run = await reconcile('2026-03-04T12:00:00Z');
    expect(run.body).toMatchObject({ detected: { MISSING_CDR: 1, STUCK_SESSION: 2 } });
    // A stuck session that is updated is no longer stuck: resolved by that update.
    const patched = await api
      .http()
      .patch('/ocpi/2.2.1/sessions/DE/ABC/SWAKE')
      .set('Authorization', cpo())
      .send({ kwh: 3, last_updated: '2026-03-04T13:00:00Z' });
    expect(patched.status).toBe(200);
    expect((await about('SWAKE'))[0]).toMatchObject({
      type: 'STUCK_SESSION',
      status: 'RESOLVED',
      resolution: { kind: 'SESSION_UPDATED', resolved_at: '2026-03-04T13:00:00Z' },
    });
    const again = await reconcile('2026-03-04T12:00:00Z');
    expect(again.body.detected).toEqual({ MISSING_CDR: 0, STUCK_SESSION: 0 });
    const [missing] = await about('SMISS');
    expect(missing).toMatchObject({
      type: 'MISSING_CDR',
      status: 'OPEN',
      details: { cdr_deadline_hours: 48, end_date_time: '2026-03-02T11:00:00.000Z' },
    });
    expect(
      (await postCdr(validCdr({ id: 'MISS1', session_id: 'smiss', total_energy: 10 }))).status,
    ).toBe(201);
    expect((await about('SMISS'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolution: { kind: 'CDR_RECEIVED', note: 'CDR MISS1 arrived' },
    });
    const [stuck] = await about('SSTUCK');
    expect(stuck).toMatchObject({ type: 'STUCK_SESSION', details: { stuck_session_hours: 24 } });
    const resolve = (body: object) =>
      api
        .http()
        .post(`/v1/exceptions/${stuck!.id}/resolution`)
        .set('Authorization', handler)
        .send(body);
    expect((await resolve({})).status).toBe(400);
    const resolved = await resolve({ note: 'charger offline, CPO informed' });
    expect(resolved.status).toBe(201);
    expect(resolved.body).toMatchObject({
      status: 'RESOLVED',
      resolution: {
        kind: 'NOTE',
        note: 'charger offline, CPO informed',
        resolved_by: 'principal:handler-1',
      },
    });
    expect((await resolve({ note: 'other' })).status).toBe(409);
    const unknown = await api
      .http()
      .post('/v1/exceptions/00000000-0000-5000-8000-000000000000/resolution')
      .set('Authorization', handler)
      .send({ note: 'x' });
    expect(unknown.status).toBe(404);
    const bad_as_of = await api
      .http()
      .post('/admin/reconciliation/runs')
      .set('Authorization', api.admin())
      .send({ as_of: 'yesterday' });
    expect(bad_as_of.status).toBe(400);
    const not_admin = await api
      .http()
      .post('/admin/reconciliation/runs')
      .set('Authorization', handler)
      .send({});
    expect(not_admin.status).toBe(403);
  });

  it('a statement lists the open exceptions of its agreement and the amount at risk', async () => {
    const close = await api
      .http()
      .post('/v1/agreements/DEABC-NLXYZ/statements')
      .set('Authorization', api.admin())
      .send({ period_end: new Date(Date.now() - 5).toISOString() });
    expect([close.status, close.body.error]).toEqual([201, undefined]);
    const { leakage } = close.body.statement;
    const open = await list('?status=OPEN&limit=500');
    expect(leakage.open_exceptions.map((e: { id: string }) => e.id)).toEqual(open.map((e) => e.id));
    // Held: HELD1, DUP5, SIG2, SIG3, SIG4, MISS1 (10 kWh against the session's 5) at 2.75 and
    // IMP1 at 8.25, each counted once whatever number of exceptions it has.
    expect(leakage.amount_at_risk).toBe('24.75');
    expect(leakage.by_type).toContainEqual({ type: 'CDR_HELD', count: 7 });
    expect(leakage.by_type).toContainEqual({ type: 'METERING_MISMATCH', count: 1 });
    expect(leakage.subjects_without_amount).toBe(0);
  });

  it('pages the queue and gives the same queue after a restart and after a rebuild', async () => {
    const all = await list('?limit=500');
    const first = await api.http().get('/v1/exceptions?limit=3').set('Authorization', api.admin());
    expect(first.body.exceptions).toEqual(all.slice(0, 3));
    const second = await api
      .http()
      .get(`/v1/exceptions?limit=3&cursor=${first.body.next_cursor}`)
      .set('Authorization', api.admin());
    expect(second.body.exceptions).toEqual(all.slice(3, 6));
    const open = await list('?status=OPEN&limit=500');
    expect(open.every((e) => e.status === 'OPEN')).toBe(true);

    const data_dir = api.data_dir;
    await api.stop({ keep_data: true });
    const followed = openReadModels(readModelsPath(data_dir));
    const incremental = dumpReadModels(followed);
    followed.close();
    api = await ApiHarness.start(data_dir);
    expect(await list('?limit=500')).toEqual(all);
    const rebuilt = await api
      .http()
      .post('/admin/projections/exceptions/rebuild')
      .set('Authorization', api.admin());
    expect(rebuilt.status).toBe(200);
    expect(await list('?limit=500')).toEqual(all);
    // Every row of the queue and of the session / CDR facts, row ids included, is the same.
    const replayed = openReadModels(readModelsPath(data_dir));
    try {
      expect(dumpReadModels(replayed)).toBe(incremental);
      expect(incremental).toContain('exc_sessions');
    } finally {
      replayed.close();
    }
  });
});
