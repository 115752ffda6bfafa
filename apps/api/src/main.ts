import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { verifyJsonDepth } from './http/json-depth.js';
import { LedgerExceptionFilter } from './http/ledger-exception.filter.js';
import { requestLog } from './http/request-log.middleware.js';
import { configFromEnv, type ApiConfig } from './infrastructure/api-config.js';
import { JsonLogger } from './infrastructure/json-logger.js';
import { LedgerMetrics } from './metrics/ledger-metrics.js';
import { httpMetrics } from './metrics/http-metrics.middleware.js';

/** Largest accepted request body: a CDR with many charging periods and embedded tariffs. */
const BODY_BYTES_MAX = '2mb';

/**
 * Builds the NestJS application (not yet listening): tests drive it through supertest,
 * `startApi` serves it. Overrides replace settings read from the environment.
 */
export async function createApp(
  overrides: Partial<ApiConfig> = {},
): Promise<NestExpressApplication> {
  const config = { ...configFromEnv(), ...overrides };
  const logger = new JsonLogger(config.request_log);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: config.request_log ? logger : false,
    bodyParser: false,
  });
  app.use(requestLog(logger));
  app.use(httpMetrics(app.get(LedgerMetrics)));
  // Our own JSON parser so malformed bodies reach the exception filter (400 / 2001). Its
  // `verify` hook refuses JSON nested deeper than JSON_DEPTH_MAX from the raw bytes, before
  // parsing (Nest reserves `verify` only for `rawBody: true`, which this app does not use).
  const json_options = {
    limit: BODY_BYTES_MAX,
    type: ['application/json', 'application/*+json', 'text/plain'],
    verify: verifyJsonDepth,
  };
  app.useBodyParser('json', json_options);
  app.useGlobalFilters(new LedgerExceptionFilter(logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EV roaming settlement ledger')
      .setDescription(
        'OCPI 2.2.1 receiver interface, administration, ledger queries and disputes. OCPI ' +
          'routes answer in the OCPI envelope { data, status_code, status_message, timestamp }. ' +
          'Bearer tokens: the admin token, or a principal token (AUDITOR, DISPUTE_HANDLER) ' +
          'registered with POST /admin/principals; partners use their OCPI token.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'admin')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization' }, 'ocpi-token')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * The projector process of `LEDGER_WORKERS` (apps/cli serve-workers.ts): the application without
 * a listening socket. Its projections follow the log into the shared read models and its
 * scheduled jobs run, until SIGINT / SIGTERM.
 */
export async function startProjector(config: ApiConfig = configFromEnv()): Promise<void> {
  const app = await createApp(config);
  await app.init();
  app.get(JsonLogger).event('info', 'following the log', { data_dir: config.data_dir });
}

/**
 * `ledger serve` / `npm start`: serve the API until SIGINT / SIGTERM, on `HOST` (every interface
 * when unset) and `PORT`. The settings are read (and refused, InvalidSetting) before anything
 * starts; the caller may pass them read already.
 */
export async function startApi(config: ApiConfig = configFromEnv()): Promise<void> {
  const app = await createApp(config);
  if (config.host === null) await app.listen(config.port);
  else await app.listen(config.port, config.host);
  const logger = app.get(JsonLogger);
  if (config.admin_token_generated) {
    // Shown once so the operator can call the admin endpoints; never logged again.
    logger.event('warn', 'generated admin token (set LEDGER_ADMIN_TOKEN to choose one)', {
      admin_token: config.admin_token,
    });
  }
  // What the socket is bound to, as the system says: the address HOST resolved to, the port.
  const bound = app.getHttpServer().address() as AddressInfo;
  logger.event('info', 'listening', {
    host: bound.address,
    port: bound.port,
    data_dir: config.data_dir,
    event_store: config.event_store.startsWith('sqlite')
      ? 'sqlite'
      : config.event_store.split(':')[0],
  });
}
