import { Module } from '@nestjs/common';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { ExceptionsController } from './exceptions.controller.js';
import { ReconciliationScheduler } from './reconciliation-scheduler.js';
import { ReconciliationService } from './reconciliation.service.js';
import { ResolveExceptionHandler } from './resolve-exception.handler.js';

/** The exception queue, its resolutions and the time-based reconciliation checks. */
@Module({
  imports: [CdrsModule],
  controllers: [ExceptionsController],
  providers: [ReconciliationService, ResolveExceptionHandler, ReconciliationScheduler],
  exports: [ReconciliationService],
})
export class ExceptionsModule {}
