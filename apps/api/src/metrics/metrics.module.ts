import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';

/** `GET /metrics`; the LedgerMetrics registry itself is process-wide (InfrastructureModule). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
