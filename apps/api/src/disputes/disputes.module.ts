import { Module } from '@nestjs/common';
import {
  AddDisputeEvidenceHandler,
  OpenDisputeHandler,
  ResolveDisputeHandler,
} from './dispute-commands.handler.js';
import { DisputesController } from './disputes.controller.js';

@Module({
  controllers: [DisputesController],
  providers: [OpenDisputeHandler, AddDisputeEvidenceHandler, ResolveDisputeHandler],
})
export class DisputesModule {}
