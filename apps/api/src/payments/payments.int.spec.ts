import { AGREEMENT, ApiHarness, EMSP_TOKEN, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';

describe('POST /v1/payments', () => {
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
  });
  afterAll(async () => {
    await api.stop();
  });

  const body = (overrides: object = {}) => ({
    id: 'PAY-1',
    payer: { country_code: 'NL', party_id: 'XYZ' },
    payee: { country_code: 'DE', party_id: 'ABC' },
    currency: 'EUR',
    amount: '12.34',
    value_date: '2026-02-01',
    reference: 'statement 2026-01',
    ...overrides,
  });
  const post = (payload: object, auth = api.admin()) =>
    api.http().post('/v1/payments').set('Authorization', auth).send(payload);

  it('records a payment (201), acknowledges the same again (200), refuses other content (409)', async () => {
    const created = await post(body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'PAY-1',
      amount: '12.34',
      postings: [
        { account: { kind: 'emsp_payable' }, direction: 'credit', amount_minor: '1234' },
        { account: { kind: 'cpo_receivable' }, direction: 'debit', amount_minor: '1234' },
      ],
    });
    const again = await post(body());
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    const conflict = await post(body({ amount: '12.35' }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toBe('payment_conflict');
    const fetched = await api
      .http()
      .get('/v1/payments/PAY-1')
      .set('Authorization', api.ocpiToken(EMSP_TOKEN));
    expect(fetched.body).toEqual(created.body);
    const foreign = await api
      .http()
      .get('/v1/payments/PAY-1')
      .set('Authorization', api.ocpiToken(OTHER_CPO_TOKEN));
    expect(foreign.status).toBe(403);
    const balances = await api
      .http()
      .get('/v1/partners/NL/XYZ/balances')
      .set('Authorization', api.admin());
    expect(balances.body.balances[0].amount).toBe('12.34');
  });

  it('a CPO pays its fee beneficiary only if that party is registered', async () => {
    const response = await post(
      body({
        id: 'PAY-HUB',
        payer: { country_code: 'DE', party_id: 'ABC' },
        payee: { country_code: 'NL', party_id: 'HUB' },
      }),
    );
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'party_unknown', field: 'payee' });
    await api.registerPartner('NL', 'HUB', 'HUB', 'hub-token');
    const accepted = await post(
      body({
        id: 'PAY-HUB',
        payer: { country_code: 'DE', party_id: 'ABC' },
        payee: { country_code: 'NL', party_id: 'HUB' },
      }),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.postings[0].account.kind).toBe('fee_payable');
  });

  it.each([
    [{ amount: '0' }, 400, 'validation_failed', 'amount'],
    [{ amount: '-1.00' }, 400, 'validation_failed', 'amount'],
    [{ amount: '1.234' }, 400, 'validation_failed', 'amount'],
    [{ amount: 'ten' }, 400, 'validation_failed', 'amount'],
    [{ payee: { country_code: 'NL', party_id: 'XYZ' } }, 400, 'validation_failed', 'payee'],
    [{ payer: { country_code: 'ES', party_id: 'NOP' } }, 409, 'party_unknown', 'payer'],
    [{ currency: 'GBP' }, 409, 'currency_not_agreed', 'currency'],
    [{ payee: { country_code: 'FR', party_id: 'OTH' } }, 409, 'currency_not_agreed', 'currency'],
  ])('refuses %j with %i %s', async (override, status, error, field) => {
    const response = await post(body({ id: 'PAY-REFUSED', ...override }));
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error, field });
    expect(
      (await api.http().get('/v1/payments/PAY-REFUSED').set('Authorization', api.admin())).status,
    ).toBe(404);
  });

  it('needs the admin token', async () => {
    expect((await post(body({ id: 'PAY-2' }), api.ocpiToken(EMSP_TOKEN))).status).toBe(401);
  });
});
