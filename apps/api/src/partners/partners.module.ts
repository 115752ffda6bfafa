import { Module } from '@nestjs/common';
import { PartnersController } from './partners.controller.js';
import { RegisterPartnerHandler } from './register-partner.handler.js';

@Module({ controllers: [PartnersController], providers: [RegisterPartnerHandler] })
export class PartnersModule {}
