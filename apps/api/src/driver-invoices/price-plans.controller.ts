import { ciKey } from '#ocpi';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '#event-store';
import { invalidField } from '#ledger';
import { planInForceAt } from '#price-plans';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { Ctx } from '../http/request-context.js';
import { loadPricePlans, SetPricePlanCommand } from './set-price-plan.handler.js';

/** The body must be a JSON object; its fields are validated by the price-plan decider. */
function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidField('$', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Party ids in paths are case-insensitive, stored upper case like the partner registry. */
export function partyOfPath(country_code: string, party_id: string) {
  return { country_code: ciKey(country_code), party_id: ciKey(party_id) };
}

@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/partners/:country_code/:party_id/price-plan')
@UseGuards(AdminGuard)
export class PricePlansController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Put()
  @HttpCode(201)
  @ApiOperation({
    summary: "Set an eMSP's end-customer price plan (a new version; never retroactive)",
    description:
      '`markup_percent` (added to the CPO cost excl. VAT) and `fee_per_session` (major units, ' +
      'excl. VAT) are non-negative decimal strings; `effective_from` defaults to now and must ' +
      'not be before now or the latest version. The same plan again -> 200, nothing changes. ' +
      '400 `validation_failed` (field); 404 `price_plan_partner_unknown`; 409 ' +
      '`price_plan_partner_not_emsp`, `price_plan_retroactive`.',
  })
  @ApiBody({
    schema: { type: 'object', example: { markup_percent: '10', fee_per_session: '0.35' } },
  })
  @ApiResponse({ status: 201, description: 'a new version' })
  @ApiResponse({ status: 200, description: 'the latest version says the same: unchanged' })
  async set(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const emsp = partyOfPath(country_code, party_id);
    const result = await this.commands.execute(
      new SetPricePlanCommand(emsp, objectBody(body), context),
    );
    response.status(result.created ? 201 : 200);
    return result.plan;
  }

  @Get()
  @ApiOperation({ summary: "The eMSP's price plan in force now (and its versions)" })
  async get(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Ctx() context: RequestContext,
  ) {
    const emsp = partyOfPath(country_code, party_id);
    const state = await loadPricePlans(this.store, emsp);
    const in_force = planInForceAt(state, context.received_at);
    if (in_force === null) {
      throw new NotFoundException(
        `no price plan of ${emsp.country_code}/${emsp.party_id} is in force`,
      );
    }
    return { ...in_force, versions: state.versions };
  }
}
