import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';

describe('POST /admin/agreements', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });
  const post = (body: unknown, auth = api.admin()) =>
    api
      .http()
      .post('/admin/agreements')
      .set('Authorization', auth)
      .send(body as object);

  it('registers (201), acknowledges the same body (200), refuses other content (409)', async () => {
    const first = await post(AGREEMENT);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: 'DEABC-NLXYZ', price_tolerance: '0.01' });
    expect((await post(AGREEMENT)).status).toBe(200);
    const other = await post({ ...AGREEMENT, price_tolerance: '0.05' });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('agreement_conflict');
  });

  it('refuses an invalid body naming the field (400) and a missing admin token (401)', async () => {
    const response = await post({
      ...AGREEMENT,
      id: 'X2',
      fees: [{ ...AGREEMENT.fees[0], per_cdr: 'abc' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('fees[0].per_cdr');
    expect((await post(AGREEMENT, 'Bearer wrong')).status).toBe(401);
  });
});
