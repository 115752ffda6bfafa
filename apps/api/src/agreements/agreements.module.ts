import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller.js';
import { RegisterAgreementHandler } from './register-agreement.handler.js';

@Module({ controllers: [AgreementsController], providers: [RegisterAgreementHandler] })
export class AgreementsModule {}
