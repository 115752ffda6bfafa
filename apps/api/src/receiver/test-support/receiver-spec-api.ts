import assert from 'node:assert/strict';
import { ApiHarness, CPO_TOKEN } from '../../test-support/api-harness.js';

type OcpiMethod = 'put' | 'patch' | 'get' | 'delete';

/**
 * For the receiver specs: the real application with the standard partners (DE/ABC CPO,
 * NL/XYZ eMSP, FR/OTH CPO), started once for the enclosing `describe` block, and the OCPI
 * requests a partner sends to it.
 */
export class ReceiverSpecApi {
  private running: ApiHarness | null = null;

  /** Call inside `describe`: starts the application before its specs, stops it after them. */
  static forDescribe(): ReceiverSpecApi {
    const api = new ReceiverSpecApi();
    beforeAll(async () => {
      api.running = await ApiHarness.start();
      await api.running.registerStandardPartners();
    });
    afterAll(async () => {
      await api.harness.stop();
    });
    return api;
  }

  get harness(): ApiHarness {
    assert(this.running !== null, 'the application runs only inside the describe block');
    return this.running;
  }

  /** A request as the partner holding `token` sends it (OCPI 2.2.x: the token base64-encoded). */
  send(method: OcpiMethod, path: string, body?: unknown, token = CPO_TOKEN) {
    const request = this.harness
      .http()
      [method](path)
      .set('Authorization', this.harness.ocpiToken(token));
    return body === undefined ? request : request.send(body as object);
  }
}
