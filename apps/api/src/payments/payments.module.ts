import { Module } from '@nestjs/common';
import { PaymentsController } from './payments.controller.js';
import { RecordPaymentHandler } from './record-payment.handler.js';

/** Payments: recorded by the administrator, they settle balances between two parties. */
@Module({ controllers: [PaymentsController], providers: [RecordPaymentHandler] })
export class PaymentsModule {}
