import { Global, Module } from '@nestjs/common';
import { ProjectionsController } from './projections.controller.js';
import {
  projectionRunnerProvider,
  READ_MODELS,
  readModelsProvider,
} from './projections.providers.js';
import { ReadAfterWrite } from './read-after-write.service.js';
import { ProjectionRunner } from '#projections';

/** The read models, the runner that keeps them current, and read-after-write for queries. */
@Global()
@Module({
  controllers: [ProjectionsController],
  providers: [readModelsProvider, projectionRunnerProvider, ReadAfterWrite],
  exports: [READ_MODELS, ProjectionRunner, ReadAfterWrite],
})
export class ProjectionsModule {}
