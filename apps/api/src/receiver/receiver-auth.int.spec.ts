import { validLocation } from '#ocpi/test-support/ocpi-fixtures.js';
import { EMSP_TOKEN } from '../test-support/api-harness.js';
import { ReceiverSpecApi } from './test-support/receiver-spec-api.js';

/** Every OCPI receiver route: no token -> 401, another party's path -> 403, both enveloped. */
describe('OCPI receiver authorisation on every route', () => {
  const api = ReceiverSpecApi.forDescribe();

  const routes: Array<[method: 'put' | 'patch' | 'delete' | 'get', path: string]> = [
    ['put', '/ocpi/2.2.1/locations/DE/ABC/L1'],
    ['patch', '/ocpi/2.2.1/locations/DE/ABC/L1'],
    ['get', '/ocpi/2.2.1/locations/DE/ABC/L1'],
    ['put', '/ocpi/2.2.1/tariffs/DE/ABC/T1'],
    ['delete', '/ocpi/2.2.1/tariffs/DE/ABC/T1'],
    ['get', '/ocpi/2.2.1/tariffs/DE/ABC/T1'],
    ['put', '/ocpi/2.2.1/sessions/DE/ABC/S1'],
    ['patch', '/ocpi/2.2.1/sessions/DE/ABC/S1'],
    ['get', '/ocpi/2.2.1/sessions/DE/ABC/S1'],
  ];

  it.each(routes)('%s %s: 401 without a token, 403 for another party', async (method, path) => {
    const anonymous = await api.harness.http()[method](path).send(validLocation());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ data: null, status_code: 2000 });
    expect(typeof anonymous.body.timestamp).toBe('string');
    const foreign = await api.send(method, path, validLocation(), EMSP_TOKEN);
    expect(foreign.status).toBe(403);
    expect(foreign.body.status_code).toBe(2000);
  });

  it('POST /cdrs: 401 without a token; GET of an unknown CDR: 404 / 2003', async () => {
    expect((await api.harness.http().post('/ocpi/2.2.1/cdrs').send({})).status).toBe(401);
    const unknown = await api.send('get', '/ocpi/2.2.1/cdrs/DE/ABC/NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.status_code).toBe(2003);
  });

  it('an unknown route answers 404 in the envelope, never 500', async () => {
    const response = await api.send('get', '/ocpi/2.2.1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.status_code).toBe(2000);
  });
});
