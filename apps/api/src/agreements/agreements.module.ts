import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller.js';
import { AmendAgreementHandler } from './amend-agreement.handler.js';
import { RegisterAgreementHandler } from './register-agreement.handler.js';

@Module({
  controllers: [AgreementsController],
  providers: [RegisterAgreementHandler, AmendAgreementHandler],
})
export class AgreementsModule {}
