import { Module } from '@nestjs/common';
import { AmendPartnerHandler } from './amend-partner.handler.js';
import { PartnersController } from './partners.controller.js';
import { RegisterPartnerHandler } from './register-partner.handler.js';

@Module({
  controllers: [PartnersController],
  providers: [RegisterPartnerHandler, AmendPartnerHandler],
})
export class PartnersModule {}
