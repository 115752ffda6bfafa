import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import type { ApiConfig } from '../infrastructure/api-config.js';
import { createApp } from '../main.js';

export const ADMIN_TOKEN = 'admin-secret-for-tests';
export const CPO_TOKEN = 'cpo-token-DE-ABC';
export const EMSP_TOKEN = 'emsp-token-NL-XYZ';
export const OTHER_CPO_TOKEN = 'cpo-token-FR-OTH';

/** The agreement of INTERFACES.md between DE/ABC (CPO) and NL/XYZ (eMSP). */
export const AGREEMENT = {
  id: 'DEABC-NLXYZ',
  cpo: { country_code: 'DE', party_id: 'ABC' },
  emsp: { country_code: 'NL', party_id: 'XYZ' },
  currency: 'EUR',
  price_tolerance: '0.01',
  fees: [
    { beneficiary: { country_code: 'NL', party_id: 'HUB' }, per_cdr: '0.20', percent_of_cost: '0' },
  ],
};

/** The real application on a temporary data dir with the real sqlite event store. */
export class ApiHarness {
  private constructor(
    readonly app: NestExpressApplication,
    readonly data_dir: string,
  ) {}

  static async start(
    data_dir = mkdtempSync(join(tmpdir(), 'ledger-api-')),
    overrides: Partial<ApiConfig> = {},
  ): Promise<ApiHarness> {
    const app = await createApp({
      data_dir,
      event_store: 'sqlite',
      admin_token: ADMIN_TOKEN,
      admin_token_generated: false,
      request_log: false,
      metrics_token: null,
      public_url: null,
      ...overrides,
    });
    await app.init();
    return new ApiHarness(app, data_dir);
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async stop(options: { keep_data?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (!options.keep_data) rmSync(this.data_dir, { recursive: true, force: true });
  }

  admin() {
    return `Bearer ${ADMIN_TOKEN}`;
  }

  /** OCPI 2.2.x sends the token base64-encoded. */
  ocpiToken(token: string) {
    return `Token ${Buffer.from(token, 'utf8').toString('base64')}`;
  }

  async registerPartner(country_code: string, party_id: string, role: string, token: string) {
    return this.http()
      .post('/admin/partners')
      .set('Authorization', this.admin())
      .send({ country_code, party_id, role, name: `${country_code}-${party_id}`, token });
  }

  /**
   * The standard partners, AGREEMENT, and DE/ABC's Location and tariff (validLocation,
   * validTariff) pushed under the ids given (the OCPI ids are CiStrings: any case).
   */
  async registerSettlement(ids = { tariff: 'T1', location: 'LOC1' }): Promise<void> {
    await this.registerStandardPartners();
    const agreement = await this.http()
      .post('/admin/agreements')
      .set('Authorization', this.admin())
      .send(AGREEMENT);
    const cpo = this.ocpiToken(CPO_TOKEN);
    const location = await this.http()
      .put(`/ocpi/2.2.1/locations/DE/ABC/${ids.location}`)
      .set('Authorization', cpo)
      .send(validLocation({ id: ids.location }));
    const tariff = await this.http()
      .put(`/ocpi/2.2.1/tariffs/DE/ABC/${ids.tariff}`)
      .set('Authorization', cpo)
      .send(validTariff({ id: ids.tariff }));
    const statuses = [agreement.status, location.status, tariff.status];
    if (statuses.join() !== '201,200,200') throw new Error(`settlement set-up: ${statuses.join()}`);
  }

  /** DE/ABC (CPO), NL/XYZ (eMSP) and FR/OTH (another CPO). */
  async registerStandardPartners(): Promise<void> {
    for (const [cc, pid, role, token] of [
      ['DE', 'ABC', 'CPO', CPO_TOKEN],
      ['NL', 'XYZ', 'EMSP', EMSP_TOKEN],
      ['FR', 'OTH', 'CPO', OTHER_CPO_TOKEN],
    ] as const) {
      const response = await this.registerPartner(cc, pid, role, token);
      if (response.status !== 201) throw new Error(`partner ${cc}/${pid}: ${response.status}`);
    }
  }
}
