import { Module } from '@nestjs/common';
import { BalancesController } from './balances.controller.js';

/** Partner balances (now and as of any moment) and the postings behind them. */
@Module({ controllers: [BalancesController] })
export class BalancesModule {}
