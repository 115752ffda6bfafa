import { Module } from '@nestjs/common';
import { PublishTariffHandler, WithdrawTariffHandler } from './tariff.commands.js';
import { TariffsController } from './tariffs.controller.js';

@Module({
  controllers: [TariffsController],
  providers: [PublishTariffHandler, WithdrawTariffHandler],
})
export class TariffsModule {}
