import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { invoiceSummary } from '#invoicing';
import { AGREEMENT_RELATIONS_PROJECTION, DOCUMENTS_PROJECTION } from '#projections';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { instantMs } from '#ledger';
import { parsePeriodEnd, POSTING_SETTLE_MS } from '../statements/statements.controller.js';
import { CloseDriverPeriodCommand } from './close-driver-period.handler.js';
import { partyOfPath } from './price-plans.controller.js';

/**
 * Like the settlement close: a CDR whose request arrived before period_end may still be on its
 * way to the log, so a period_end within POSTING_SETTLE_MS of now waits that long (bounded).
 */
async function settle(period_end: string): Promise<void> {
  const wait_ms = Math.min(
    POSTING_SETTLE_MS,
    instantMs(period_end) + POSTING_SETTLE_MS - Date.now(),
  );
  if (wait_ms > 0) await new Promise((resolve) => setTimeout(resolve, wait_ms));
}

@ApiTags('settlement')
@ApiBearerAuth('admin')
@Controller('v1/partners/:country_code/:party_id/driver-invoices')
@UseGuards(AdminGuard)
export class DriverInvoicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly consistency: ReadAfterWrite,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Close an eMSP's driver-billing period and invoice its drivers",
    description:
      "The CDRs posted under the eMSP's agreements after the previous driver period's end and " +
      'up to `period_end` (default now) are invoiced per contract id (`cdr_token.contract_id`) ' +
      'at the price plan in force when each session started, with the VAT of the country of ' +
      "charging, numbered in the eMSP's sequence. The same `period_end` again -> 200 with the " +
      'same invoices. 404 `price_plan_partner_unknown`. 409 `driver_period_in_future`, ' +
      '`driver_period_not_after_previous`, ' +
      '`price_plan_missing`, `price_plan_not_in_force`, `price_plan_partner_not_emsp`, ' +
      '`vat_rate_unknown`; 400 `validation_failed` (field `period_end`).',
  })
  @ApiBody({ schema: { type: 'object', example: { period_end: '2026-02-01T00:00:00Z' } } })
  @ApiResponse({ status: 201, description: '{ period, invoices }' })
  @ApiResponse({ status: 200, description: 'the period was closed before: the same invoices' })
  async close(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const period_end = parsePeriodEnd(body, context.received_at);
    if (instantMs(period_end) <= instantMs(context.received_at)) await settle(period_end);
    await this.consistency.awaitHead(response, [
      DOCUMENTS_PROJECTION,
      AGREEMENT_RELATIONS_PROJECTION,
    ]);
    const result = await this.commands.execute(
      new CloseDriverPeriodCommand(partyOfPath(country_code, party_id), period_end, context),
    );
    response.status(result.created ? 201 : 200);
    return { period: result.period, invoices: result.invoices.map(invoiceSummary) };
  }
}
