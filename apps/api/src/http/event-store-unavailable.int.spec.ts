/**
 * The API in front of a KurrentDB node that stops answering (the in-process gRPC double): a
 * request that needs the event store is answered 503 with Retry-After within the store's
 * deadline, as OCPI status 3000 on OCPI routes, instead of hanging or answering 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';

import {
  startKurrentDbDouble,
  type KurrentDbDouble,
} from '#event-store/kurrentdb/test-support/kurrentdb-double.js';
import { validLocation } from '#ocpi/test-support/ocpi-fixtures.js';
import { createApp } from '../main.js';

const ADMIN_TOKEN = 'admin-secret-for-tests';
const CPO_TOKEN = 'cpo-token-DE-ABC';

describe('API when the event store is unavailable (KurrentDB double)', () => {
  let double: KurrentDbDouble;
  let app: NestExpressApplication;
  let data_dir: string;

  beforeAll(async () => {
    double = await startKurrentDbDouble();
    data_dir = mkdtempSync(join(tmpdir(), 'ledger-api-unavailable-'));
    app = await createApp({
      data_dir,
      // defaultDeadline bounds every call of the adapter: a silent node fails in about a second.
      event_store: `${double.connectionString}&defaultDeadline=1000`,
      admin_token: ADMIN_TOKEN,
      admin_token_generated: false,
      request_log: false,
    });
    await app.init();
    const registered = await request(app.getHttpServer())
      .post('/admin/partners')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ country_code: 'DE', party_id: 'ABC', role: 'CPO', name: 'CPO', token: CPO_TOKEN });
    expect(registered.status).toBe(201);
  }, 30_000);

  afterAll(async () => {
    double.setAnswering(true);
    await app.close();
    await double.stop();
    rmSync(data_dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After, without naming the store host, on an admin write', async () => {
    double.setAnswering(false);
    try {
      const response = await request(app.getHttpServer())
        .post('/admin/partners')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ country_code: 'NL', party_id: 'XYZ', role: 'EMSP', name: 'eMSP', token: 't-2' });

      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ error: 'event_store_unavailable' });
      expect(JSON.stringify(response.body)).not.toContain('127.0.0.1');
    } finally {
      double.setAnswering(true);
    }
  }, 30_000);

  it('answers an OCPI route with HTTP 503, Retry-After and OCPI status 3000', async () => {
    double.setAnswering(false);
    try {
      const response = await request(app.getHttpServer())
        .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
        .set('Authorization', `Token ${Buffer.from(CPO_TOKEN).toString('base64')}`)
        .send(validLocation());

      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ data: null, status_code: 3000 });
    } finally {
      double.setAnswering(true);
    }
  }, 30_000);
});
