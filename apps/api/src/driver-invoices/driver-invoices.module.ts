import { Module } from '@nestjs/common';
import { CloseDriverPeriodHandler } from './close-driver-period.handler.js';
import { DriverInvoicesController } from './driver-invoices.controller.js';
import { PricePlansController } from './price-plans.controller.js';
import { SetPricePlanHandler } from './set-price-plan.handler.js';

/** End-customer price plans of eMSPs and the driver invoices (eMSP -> driver) priced by them. */
@Module({
  controllers: [PricePlansController, DriverInvoicesController],
  providers: [SetPricePlanHandler, CloseDriverPeriodHandler],
})
export class DriverInvoicesModule {}
