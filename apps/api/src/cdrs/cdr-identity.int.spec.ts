import fc from 'fast-check';
import { validCdr, validSession, type Json } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN, EMSP_TOKEN } from '../test-support/api-harness.js';

/**
 * OCPI ids are CiStrings (case-insensitive): a CDR sent again in another case is the same CDR,
 * and references (tariff, Location, session, credited CDR) resolve whatever their case.
 */

/** validCdr with its own ids in the case `recase` gives (`tariffs: []` so only ids refer). */
function cdrIn(recase: (text: string) => string, id: string, overrides: Json = {}): Json {
  const base = validCdr();
  return {
    ...base,
    country_code: recase('DE'),
    party_id: recase('ABC'),
    id: recase(id),
    session_id: recase(`S-${id}`),
    tariffs: [],
    cdr_location: { ...(base.cdr_location as Json), id: recase('LOC1'), evse_uid: recase('EVSE1') },
    charging_periods: [
      {
        start_date_time: '2026-03-02T10:00:00Z',
        dimensions: [{ type: 'ENERGY', volume: 10 }],
        tariff_id: recase('T1'),
      },
    ],
    ...overrides,
  };
}

const lower = (text: string) => text.toLowerCase();
const mixed = (text: string) =>
  [...text].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join('');
const same = (text: string) => text;

describe('CiString identity of CDRs over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    // Pushed in lower case: the CDRs below name them in other cases.
    await api.registerSettlement({ tariff: 't1', location: 'loc1' });
  });
  afterAll(async () => {
    await api.stop();
  });

  const post = (body: Json) =>
    api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', api.ocpiToken(CPO_TOKEN)).send(body);
  const ledger = (path: string) =>
    api.http().get(`/v1/cdrs/${path}`).set('Authorization', api.admin());
  const emspBalance = async () => {
    const response = await api
      .http()
      .get('/v1/partners/NL/XYZ/balances')
      .set('Authorization', api.ocpiToken(EMSP_TOKEN));
    expect(response.status).toBe(200);
    return response.body.balances as Array<{ currency: string; amount: string }>;
  };

  it('posts the same CDR in three cases once: 201, then 200 twice, one transaction', async () => {
    expect((await post(cdrIn(same, 'CASE1'))).status).toBe(201);
    expect((await post(cdrIn(lower, 'CASE1'))).status).toBe(200);
    expect((await post(cdrIn(mixed, 'CASE1'))).status).toBe(200);
    const view = await ledger('de/abc/case1');
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('POSTED');
    // The text as first sent is kept for the partner.
    expect(view.body.cdr.id).toBe('CASE1');
    expect(await emspBalance()).toEqual([
      expect.objectContaining({ currency: 'EUR', amount: '-2.75' }),
    ]);
  });

  it('refuses the same id in another case with other content (409), changing nothing', async () => {
    const other = cdrIn(lower, 'CASE1', { total_cost: { excl_vat: 3, incl_vat: 3.3 } });
    const response = await post(other);
    expect(response.status).toBe(409);
    expect((await ledger('DE/ABC/CASE1')).body.cdr.total_cost).toEqual({
      excl_vat: 2.5,
      incl_vat: 2.75,
    });
  });

  it('posts a CDR naming its tariff and Location in another case than they were pushed', async () => {
    const response = await post(cdrIn(mixed, 'REFS1'));
    expect(response.status).toBe(201);
    const view = await ledger('DE/ABC/REFS1');
    expect(view.body.status).toBe('POSTED');
    // The reference is recorded as the CDR names it; the stored tariff is T1 (pushed as t1).
    expect(view.body.context).toMatchObject({ tariff: { tariff_id: 't1', source: 'CDR' } });
  });

  it('takes the tariff of the connector when the CDR names none (tariffs [], no period tariff_id)', async () => {
    const cdr = cdrIn(lower, 'CONN1', {
      charging_periods: [
        { start_date_time: '2026-03-02T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
      ],
    });
    expect((await post(cdr)).status).toBe(201);
    const view = await ledger('DE/ABC/CONN1');
    expect(view.body.status).toBe('POSTED');
    expect(view.body.context.tariff).toMatchObject({ source: 'CONNECTOR' });
  });

  it('receives a CDR without cdr_location.evse_uid and holds it as MISSING_EVSE_UID', async () => {
    const cdr = cdrIn(same, 'NOEVSE1');
    delete (cdr.cdr_location as Json).evse_uid;
    const response = await post(cdr);
    expect(response.status).toBe(201);
    expect((await ledger('DE/ABC/NOEVSE1')).body.status).toBe('MISSING_EVSE_UID');
  });

  it('credits a CDR named in another case by credit_reference_id', async () => {
    expect((await post(cdrIn(same, 'CRED1'))).status).toBe(201);
    const credit = cdrIn(same, 'CRED1-C', {
      credit: true,
      credit_reference_id: 'cred1',
      total_cost: { excl_vat: -2.5, incl_vat: -2.75 },
    });
    expect((await post(credit)).status).toBe(201);
    expect((await ledger('DE/ABC/Cred1')).body.status).toBe('CREDITED');
  });

  it('takes a PUT whose body ids differ from the URL only in case', async () => {
    const response = await api
      .http()
      .put('/ocpi/2.2.1/sessions/DE/ABC/SES9')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(validSession({ country_code: 'de', party_id: 'abc', id: 'ses9' }));
    expect(response.status).toBe(200);
    const held = await api
      .http()
      .get('/ocpi/2.2.1/sessions/de/abc/Ses9')
      .set('Authorization', api.ocpiToken(CPO_TOKEN));
    expect(held.status).toBe(200);
    expect(held.body.data.id).toBe('ses9');
  });

  it('posts once when the same CDR arrives concurrently in several cases', async () => {
    const cases = [same, lower, mixed, same, lower, mixed, same, lower];
    const responses = await Promise.all(cases.map((recase) => post(cdrIn(recase, 'RACE1'))));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const view = await ledger('DE/ABC/race1');
    expect(view.body.status).toBe('POSTED');
    expect(view.body.postings).toHaveLength(4);
  });
});

describe('CiString identity: balances do not depend on the case of any id (property)', () => {
  const CDR_IDS = ['P1', 'P2', 'P3', 'P4'];

  async function balancesAfter(deliveries: Array<{ id: string; recase: (t: string) => string }>) {
    const api = await ApiHarness.start();
    try {
      await api.registerSettlement();
      for (const { id, recase } of deliveries) {
        const response = await api
          .http()
          .post('/ocpi/2.2.1/cdrs')
          .set('Authorization', api.ocpiToken(CPO_TOKEN))
          .send(cdrIn(recase, id));
        expect([200, 201]).toContain(response.status);
      }
      const parties = ['DE/ABC', 'NL/XYZ', 'NL/HUB'];
      const balances = [];
      for (const party of parties) {
        const response = await api
          .http()
          .get(`/v1/partners/${party}/balances`)
          .set('Authorization', api.admin());
        balances.push(response.body.balances);
      }
      return balances;
    } finally {
      await api.stop();
    }
  }

  it('equals the balances of each CDR delivered once, as sent', async () => {
    const reference = await balancesAfter(CDR_IDS.map((id) => ({ id, recase: same })));
    const recase = fc
      .array(fc.boolean(), { minLength: 6, maxLength: 6 })
      .map(
        (flags) => (text: string) =>
          [...text].map((c, i) => (flags[i % 6] ? c.toLowerCase() : c.toUpperCase())).join(''),
      );
    const delivery = fc.record({ id: fc.constantFrom(...CDR_IDS), recase });
    // Every CDR at least once, then random repeats, all in random cases.
    const deliveries = fc
      .tuple(fc.array(recase, { minLength: 4, maxLength: 4 }), fc.array(delivery, { maxLength: 6 }))
      .map(([first, extra]) => [...CDR_IDS.map((id, i) => ({ id, recase: first[i]! })), ...extra]);
    await fc.assert(
      fc.asyncProperty(deliveries, async (sequence) => {
        expect(await balancesAfter(sequence)).toEqual(reference);
      }),
      { seed: 20261203, numRuns: 4 },
    );
  }, 120_000);
});
