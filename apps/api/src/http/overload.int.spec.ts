/**
 * The bounds of the ledger's queues (issue 16 item 6): the embedded store's group-commit queue
 * and the requests waiting for the read models. Beyond either bound a request is answered at
 * once with 503 and Retry-After (the OCPI envelope on OCPI routes), and nothing is written.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { validLocation } from '#ocpi/test-support/ocpi-fixtures.js';
import { ProjectionRunner } from '#projections';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

const ROUNDS_MAX = 10;
const REQUESTS_PER_ROUND = 16;

describe('overload answers', () => {
  let api: ApiHarness | undefined;

  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('answers an OCPI write beyond the group-commit queue bound 503, Retry-After, OCPI 3000', async () => {
    api = await ApiHarness.start(undefined, { queued_appends_max: 1 });
    await api.registerStandardPartners();
    const cpo = api.ocpiToken(CPO_TOKEN);
    // A real listening socket: concurrent requests then reach the store in the same turn of
    // the event loop, so with room for one append in the queue the others are refused.
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const put = (id: string) =>
      fetch(`http://127.0.0.1:${port}/ocpi/2.2.1/locations/DE/ABC/${id}`, {
        method: 'PUT',
        headers: { authorization: cpo, 'content-type': 'application/json' },
        body: JSON.stringify(validLocation({ id })),
      });
    let overloaded: Response | null = null;
    let stored = 0;
    for (let round = 0; round < ROUNDS_MAX && overloaded === null; round += 1) {
      const ids = Array.from({ length: REQUESTS_PER_ROUND }, (_, index) => `LOC-${round}-${index}`);
      const responses = await Promise.all(ids.map(put));
      for (const [index, response] of responses.entries()) {
        if (response.status !== 503) {
          expect(response.status).toBe(200);
          stored += 1;
          continue;
        }
        overloaded = response;
        // Nothing of a refused request was written: reading it back finds nothing.
        const read = await api
          .http()
          .get(`/ocpi/2.2.1/locations/DE/ABC/${ids[index]}`)
          .set('Authorization', cpo);
        expect(read.status).toBe(404);
      }
    }
    expect(overloaded).not.toBeNull();
    expect(overloaded!.headers.get('retry-after')).toBe('1');
    expect(await overloaded!.json()).toMatchObject({ status_code: 3000 });
    expect(stored).toBeGreaterThan(0);
  }, 60_000);

  it('answers a query beyond the read-after-write waiters bound 503 with Retry-After', async () => {
    api = await ApiHarness.start(undefined, { read_waiters_max: 1 });
    await api.registerStandardPartners();
    // The read models stop following the log, so queries wait for a write they cannot see.
    await api.app.get(ProjectionRunner).stop();
    const registered = await api.registerPartner('BE', 'NEW', 'CPO', 'new-cpo-token');
    expect(registered.status).toBe(201);
    const balances = () =>
      api!.http().get('/v1/partners/DE/ABC/balances').set('Authorization', api!.admin());
    const [first, second] = await Promise.all([balances(), balances()]);
    const answers = [first, second].map((response) => response.body as { error?: string });
    // One waits (and gives up after the read-after-write timeout), the other is refused at once.
    expect(answers.filter((answer) => answer.error === 'overloaded')).toHaveLength(1);
    for (const response of [first, second]) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
    }
  }, 30_000);
});
