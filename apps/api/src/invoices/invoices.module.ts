import { Module } from '@nestjs/common';
import { InvoicesController } from './invoices.controller.js';

/** Reading issued invoices and credit notes (they are issued by a statement close). */
@Module({ controllers: [InvoicesController] })
export class InvoicesModule {}
