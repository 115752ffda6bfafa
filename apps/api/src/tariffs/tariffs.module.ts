import { Module } from '@nestjs/common';
import { PublishTariffHandler, WithdrawTariffHandler } from './tariff.commands.js';
import { Tariffs230Controller, TariffsController } from './tariffs.controller.js';

@Module({
  controllers: [TariffsController, Tariffs230Controller],
  providers: [PublishTariffHandler, WithdrawTariffHandler],
})
export class TariffsModule {}
