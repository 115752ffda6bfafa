import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '#event-store';
import {
  Payment,
  paymentStreamName,
  type PaymentRecordedData,
  parsePaymentInstruction,
} from '#payments';
import { AGREEMENT_RELATIONS_PROJECTION } from '#projections';
import { AdminGuard, AdminOrPartnerGuard, seesAllParties } from '../auth/auth.guards.js';
import { loadStream, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { Ctx, type LedgerRequest } from '../http/request-context.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { RecordPaymentCommand } from './record-payment.handler.js';

/** The API's view of a recorded payment. */
function paymentView(payment: PaymentRecordedData) {
  return {
    id: payment.payment_id,
    payer: payment.payer,
    payee: payment.payee,
    currency: payment.currency,
    amount: payment.amount,
    value_date: payment.value_date,
    reference: payment.reference,
    posted_at: payment.posted_at,
    transaction_id: payment.transaction.transaction_id,
    postings: payment.transaction.postings,
  };
}

@ApiTags('payments')
@Controller('v1/payments')
export class PaymentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly consistency: ReadAfterWrite,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @HttpCode(201)
  @UseGuards(AdminGuard)
  @ApiBearerAuth('admin')
  @ApiOperation({
    summary: 'Record a payment between two parties (settles their balances)',
    description:
      'Posts one balanced transaction: the payer is credited towards the payee, the payee ' +
      'debited towards the payer, on the accounts of the agreement between them (eMSP -> CPO, ' +
      'CPO -> fee beneficiary, or back). `id` is the idempotency key: the same body again -> ' +
      '200, nothing changes; another body under the same id -> 409 `payment_conflict`. ' +
      '`amount` is a positive decimal string with at most the currency minor-unit decimals. ' +
      'Refusals: 400 `validation_failed` (with `field`), 409 `party_unknown` (payer or payee ' +
      'not registered), 409 `currency_not_agreed` (no agreement between them in that currency).',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['id', 'payer', 'payee', 'currency', 'amount', 'value_date'],
      example: {
        id: 'PAY-2026-0001',
        payer: { country_code: 'NL', party_id: 'XYZ' },
        payee: { country_code: 'DE', party_id: 'ABC' },
        currency: 'EUR',
        amount: '1234.56',
        value_date: '2026-02-15',
        reference: 'Statement DEABC-NLXYZ 2026-01',
      },
    },
  })
  @ApiResponse({ status: 201, description: 'recorded' })
  @ApiResponse({ status: 200, description: 'the same payment again: nothing changed' })
  @ApiResponse({ status: 409, description: 'payment_conflict, party_unknown, currency_not_agreed' })
  async record(
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const payment = parsePaymentInstruction(body);
    await this.consistency.awaitHead(response, [AGREEMENT_RELATIONS_PROJECTION]);
    const result = await this.commands.execute(new RecordPaymentCommand(payment, context));
    response.status(result.created ? 201 : 200);
    return paymentView(result.payment);
  }

  @Get(':id')
  @UseGuards(AdminOrPartnerGuard)
  @ApiBearerAuth('admin')
  @ApiSecurity('ocpi-token')
  @ApiOperation({ summary: 'A recorded payment (admin, or the payer or payee)' })
  async get(@Param('id') id: string, @Req() request: LedgerRequest) {
    const { state } = await loadStream(this.store, paymentStreamName(id), Payment);
    const payment = state.recorded;
    if (payment === null) throw new NotFoundException(`payment ${id} is unknown`);
    const viewer = seesAllParties(request) ? null : request.partner;
    const involved = [payment.payer, payment.payee].some(
      (party) =>
        viewer === null ||
        (viewer !== undefined &&
          party.country_code === viewer.country_code &&
          party.party_id === viewer.party_id),
    );
    if (!involved) throw new ForbiddenException('only the payer or the payee may read a payment');
    return paymentView(payment);
  }
}
