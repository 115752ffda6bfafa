import { validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { ReceiverSpecApi } from '../receiver/test-support/receiver-spec-api.js';
import { CPO_TOKEN, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';

describe('OCPI tariffs receiver', () => {
  const api = ReceiverSpecApi.forDescribe();

  const url = '/ocpi/2.2.1/tariffs/DE/ABC/T1';
  const put = (body: unknown, token = CPO_TOKEN, path = url) => api.send('put', path, body, token);
  const del = (path = url) => api.send('delete', path);

  it('publishes versions: same body again changes nothing, another body is a new version', async () => {
    const first = await put(validTariff());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status_code: 1000, data: { version: 1 } });
    expect((await put(validTariff())).body.data).toEqual({ version: 1 });
    const changed = validTariff({ last_updated: '2026-02-01T00:00:00Z' });
    (
      changed.elements as Array<{ price_components: Array<{ price: number }> }>
    )[0]!.price_components[0]!.price = 0.3;
    expect((await put(changed)).body.data).toEqual({ version: 2 });
  });

  it('refuses an invalid tariff naming the field (400 / 2001)', async () => {
    const response = await put(validTariff({ currency: 'EURO' }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status_code: 2001 });
    expect(response.body.status_message).toContain('currency');
    const no_elements = await put(validTariff({ elements: [] }));
    expect(no_elements.status).toBe(400);
    expect(no_elements.body.status_message).toContain('elements');
  });

  it("refuses another party's tariff (403) and a missing token (401)", async () => {
    expect((await put(validTariff(), OTHER_CPO_TOKEN)).status).toBe(403);
    expect((await api.harness.http().put(url).send(validTariff())).status).toBe(401);
  });

  it('withdraws a tariff; an unknown tariff is 404 / 2003', async () => {
    await put(validTariff({ id: 'T9' }), CPO_TOKEN, '/ocpi/2.2.1/tariffs/DE/ABC/T9');
    const withdrawn = await del('/ocpi/2.2.1/tariffs/DE/ABC/T9');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status_code).toBe(1000);
    expect((await del('/ocpi/2.2.1/tariffs/DE/ABC/T9')).status).toBe(200);
    const gone = await api.send('get', '/ocpi/2.2.1/tariffs/DE/ABC/T9');
    expect(gone.status).toBe(404);
    const current = await api.send('get', url);
    expect(current.body.data.elements[0].price_components[0].price).toBe(0.3);
    const unknown = await del('/ocpi/2.2.1/tariffs/DE/ABC/NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.status_code).toBe(2003);
  });
});
