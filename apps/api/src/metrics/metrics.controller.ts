import { Controller, Get, Inject, Res, UnauthorizedException, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '#projections';
import { constantTimeEqual, credentialOf } from '../auth/token-hash.js';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { LedgerMetrics } from './ledger-metrics.js';

/**
 * `GET /metrics` in the Prometheus text format. Open by default, as scrapers on an internal
 * network expect; with `LEDGER_METRICS_TOKEN` set it requires `Authorization: Bearer <token>`
 * (the admin token is not asked for: a scraper should not hold it).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly read_models: DatabaseSync,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics (text format); Bearer LEDGER_METRICS_TOKEN when that is set',
  })
  @ApiResponse({ status: 200, description: 'text/plain; version=0.0.4' })
  @ApiResponse({ status: 401, description: 'LEDGER_METRICS_TOKEN is set and was not given' })
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.authorise(request);
    await this.refreshGauges();
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.status(200).send(await this.metrics.registry.metrics());
  }

  private authorise(request: Request): void {
    const required = this.config.metrics_token;
    if (!required) return;
    const given = credentialOf(request.header('authorization'), 'Bearer');
    if (given === null || !constantTimeEqual(given, required)) {
      throw new UnauthorizedException('metrics need Authorization: Bearer <LEDGER_METRICS_TOKEN>');
    }
  }

  private async refreshGauges(): Promise<void> {
    const head = await this.store.headPosition();
    this.metrics.projection_lag.reset();
    for (const projection of this.runner.status()) {
      const lag = head > projection.checkpoint ? head - projection.checkpoint : 0n;
      this.metrics.projection_lag.set({ projection: projection.name }, Number(lag));
    }
    this.metrics.open_exceptions.reset();
    for (const row of openExceptionsByType(this.read_models)) {
      this.metrics.open_exceptions.set({ type: row.type }, row.count);
    }
  }
}

/**
 * Open exceptions by type, from the exception queue's read model (projections/src/exceptions,
 * table `exc_exceptions`). Before the projection has created its table (a read-model file of an
 * older build) there is no series rather than a failed scrape.
 */
function openExceptionsByType(db: DatabaseSync): { type: string; count: number }[] {
  const table = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'exc_exceptions'")
    .get();
  if (table === undefined) return [];
  const rows = db
    .prepare(
      "SELECT type, COUNT(*) AS count FROM exc_exceptions WHERE status = 'OPEN' GROUP BY type",
    )
    .all() as { type: unknown; count: unknown }[];
  return rows.map((row) => ({ type: String(row.type), count: Number(row.count) }));
}
