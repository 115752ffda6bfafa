import { Module } from '@nestjs/common';
import { CloseSettlementPeriodHandler } from './close-settlement-period.handler.js';
import { StatementsController } from './statements.controller.js';

/** Settlement statements: closing periods (which issues the invoices) and reading them. */
@Module({ controllers: [StatementsController], providers: [CloseSettlementPeriodHandler] })
export class StatementsModule {}
