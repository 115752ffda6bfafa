import { validCdr, validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import {
  AGREEMENT,
  ApiHarness,
  CPO_TOKEN,
  EMSP_TOKEN,
  OTHER_CPO_TOKEN,
} from '../test-support/api-harness.js';

/** GET /v1/partners/{cc}/{pid}/balances and /transactions, fed by the real write path. */
describe('partner balances', () => {
  let api: ApiHarness;
  let before_cdr: string;
  let after_cdr: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerStandardPartners();
    const admin = api.admin();
    const cpo = api.ocpiToken(CPO_TOKEN);
    expect(
      (await api.http().post('/admin/agreements').set('Authorization', admin).send(AGREEMENT))
        .status,
    ).toBe(201);
    await api
      .http()
      .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Authorization', cpo)
      .send(validLocation());
    await api
      .http()
      .put('/ocpi/2.2.1/tariffs/DE/ABC/T1')
      .set('Authorization', cpo)
      .send(validTariff());
    before_cdr = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cdr = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', cpo)
      .send(validCdr());
    expect(cdr.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 5));
    after_cdr = new Date().toISOString();
  });
  afterAll(async () => {
    await api.stop();
  });

  const balances = (path: string, auth = api.admin()) =>
    api.http().get(`/v1/partners/${path}`).set('Authorization', auth);

  it('shows a posted CDR right after it was acknowledged, with the INTERFACES.md shape', async () => {
    const cpo = await balances('DE/ABC/balances');
    expect(cpo.status).toBe(200);
    expect(cpo.body).toEqual({
      party: { country_code: 'DE', party_id: 'ABC', role: 'CPO', name: 'DE-ABC' },
      as_of: expect.any(String),
      balances: [
        {
          currency: 'EUR',
          amount: '2.55',
          counterparties: [
            { country_code: 'NL', party_id: 'HUB', amount: '-0.20' },
            { country_code: 'NL', party_id: 'XYZ', amount: '2.75' },
          ],
        },
      ],
    });
    const emsp = await balances('NL/XYZ/balances', api.ocpiToken(EMSP_TOKEN));
    expect(emsp.status).toBe(200);
    expect(emsp.body.balances).toEqual([
      {
        currency: 'EUR',
        amount: '-2.75',
        counterparties: [{ country_code: 'DE', party_id: 'ABC', amount: '-2.75' }],
      },
    ]);
    const hub = await balances('nl/hub/balances');
    expect(hub.body.party).toEqual({ country_code: 'NL', party_id: 'HUB' });
    expect(hub.body.balances[0].amount).toBe('0.20');
  });

  it('as_of gives the balance as it stood at that moment', async () => {
    const before = await balances(`DE/ABC/balances?as_of=${encodeURIComponent(before_cdr)}`);
    expect(before.status).toBe(200);
    expect(before.body.as_of).toBe(before_cdr);
    expect(before.body.balances).toEqual([]);
    const after = await balances(`DE/ABC/balances?as_of=${encodeURIComponent(after_cdr)}`);
    expect(after.body.balances[0].amount).toBe('2.55');
  });

  it('refuses a malformed as_of (400), another partner (403), no token (401), an unknown party (404)', async () => {
    expect((await balances('DE/ABC/balances?as_of=yesterday')).status).toBe(400);
    expect((await balances('DE/ABC/balances?as_of=2026-13-45T00:00:00Z')).status).toBe(400);
    const other = await balances('DE/ABC/balances', api.ocpiToken(OTHER_CPO_TOKEN));
    expect(other.status).toBe(403);
    expect((await balances('DE/ABC/transactions', api.ocpiToken(EMSP_TOKEN))).status).toBe(403);
    expect((await api.http().get('/v1/partners/DE/ABC/balances')).status).toBe(401);
    expect((await balances('ES/NOP/balances')).status).toBe(404);
  });

  it('lists the postings behind the balance, each traceable to its source, paged', async () => {
    const first = await balances('DE/ABC/transactions?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.postings).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await balances(
      `DE/ABC/transactions?limit=1&cursor=${first.body.next_cursor as string}`,
    );
    const postings = [...first.body.postings, ...second.body.postings];
    expect(postings.map((p: { amount: string }) => p.amount).sort()).toEqual(['-0.20', '2.75']);
    for (const posting of postings) {
      expect(posting.source).toEqual({
        kind: 'cdr',
        cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' },
      });
    }
    const third = await balances(
      `DE/ABC/transactions?limit=1&cursor=${second.body.next_cursor as string}`,
    );
    expect(third.body).toMatchObject({ postings: [], next_cursor: null });
    expect((await balances('DE/ABC/transactions?limit=0')).status).toBe(400);
    expect((await balances('DE/ABC/transactions?cursor=!!')).status).toBe(400);
  });

  it('a payment moves both balances towards settlement, visible at once', async () => {
    const payment = await api
      .http()
      .post('/v1/payments')
      .set('Authorization', api.admin())
      .send({
        id: 'PAY-1',
        payer: { country_code: 'NL', party_id: 'XYZ' },
        payee: { country_code: 'DE', party_id: 'ABC' },
        currency: 'EUR',
        amount: '2.00',
        value_date: '2026-02-01',
        reference: 'partial settlement',
      });
    expect(payment.status).toBe(201);
    const emsp = await balances('NL/XYZ/balances');
    expect(emsp.body.balances[0].amount).toBe('-0.75');
    const cpo = await balances('DE/ABC/balances');
    expect(cpo.body.balances[0].amount).toBe('0.55');
    const postings = await balances('NL/XYZ/transactions');
    expect(postings.body.postings[0]).toMatchObject({
      amount: '2.00',
      source: { kind: 'payment', payment_id: 'PAY-1' },
    });
  });

  it('rebuilds on demand (admin) and answers the same balances afterwards', async () => {
    const before = await balances('DE/ABC/balances');
    const rebuilt = await api
      .http()
      .post('/admin/projections/all/rebuild')
      .set('Authorization', api.admin());
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.projections).toEqual(
      expect.arrayContaining(['balances', 'agreement_relations']),
    );
    const after = await balances('DE/ABC/balances');
    expect(after.body.balances).toEqual(before.body.balances);
    const single = await api
      .http()
      .post('/admin/projections/balances/rebuild')
      .set('Authorization', api.admin());
    expect(single.status).toBe(200);
    const unknown = await api
      .http()
      .post('/admin/projections/nope/rebuild')
      .set('Authorization', api.admin());
    expect(unknown.status).toBe(404);
    const status = await api.http().get('/admin/projections').set('Authorization', api.admin());
    const states = status.body.projections.map((p: { state: string }) => p.state);
    expect(new Set(states)).toEqual(new Set(['running']));
  });
});
