import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { calendarInstantMs } from '#projections';
import { DomainRejection } from '#ledger';
import { AdminGuard, Allow, seesAllParties } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { ReassessCdrCommand } from './reassess-cdr.handler.js';
import { parseCdrResolution, ResolveCdrCommand } from './resolve-cdr.handler.js';
import type { LedgerRequest } from '../http/request-context.js';
import { cdrLedgerView, GetCdrQuery } from './get-cdr.query.js';

@ApiTags('ledger queries')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller('v1/cdrs')
export class LedgerCdrsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get(':country_code/:party_id/:cdr_id')
  @Allow('read_cdrs')
  @ApiOperation({
    summary: 'A CDR with its settlement status, the ledger price and its postings',
    description:
      "Admin, auditor or dispute handler token, or the OCPI token of the CDR's CPO or eMSP. " +
      'Lists the disputes of the CDR and the adjustments their resolutions posted. ' +
      '`as_of` (ISO-8601): the CDR as it stood at that moment - its status and postings from ' +
      'the events recorded at or before it (404 when it had not been received yet).',
  })
  @ApiQuery({ name: 'as_of', required: false, example: '2026-11-30T23:00:00Z' })
  async get(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('cdr_id') cdr_id: string,
    @Query('as_of') as_of: unknown,
    @Req() request: LedgerRequest,
  ) {
    const viewer = seesAllParties(request) ? null : (request.partner ?? null);
    const state = await this.queries.execute(
      new GetCdrQuery({ country_code, party_id, cdr_id }, viewer, parseCdrAsOf(as_of)),
    );
    return cdrLedgerView(state);
  }

  @Post(':country_code/:party_id/:cdr_id/reassess')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiOperation({
    summary: 'Assess a held CDR again (after a late tariff, Location or agreement)',
    description: 'Admin only. 409 when the CDR is not held, 404 when unknown.',
  })
  async reassess(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('cdr_id') cdr_id: string,
    @Ctx() context: RequestContext,
  ) {
    const key = { country_code, party_id, cdr_id };
    return cdrLedgerView(await this.commands.execute(new ReassessCdrCommand(key, context)));
  }

  @Post(':country_code/:party_id/:cdr_id/resolution')
  @HttpCode(201)
  @Allow('resolve_exceptions')
  @ApiOperation({
    summary: 'Resolve a held CDR for good: POST_CLAIMED, POST_LEDGER_PRICE or REJECT',
    description:
      'Dispute handler or admin. `{ "decision", "note" }` -> 201 with the CDR: posted at the ' +
      "CPO's total_cost, at the ledger's price, or REJECTED (the CPO may send a corrected CDR " +
      'under a new id). Its CDR_HELD exception (and the findings of the CDR) resolve with it. ' +
      'A posted CDR -> 409; the same resolution again -> 201, nothing changes.',
  })
  async resolve(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('cdr_id') cdr_id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
  ) {
    const resolution = parseCdrResolution(body);
    const key = { country_code, party_id, cdr_id };
    const state = await this.commands.execute(new ResolveCdrCommand(key, resolution, context));
    return cdrLedgerView(state);
  }
}

/** `?as_of=`: a strict ISO-8601 instant on the calendar, else 400 naming the field. */
function parseCdrAsOf(as_of: unknown): number | null {
  if (as_of === undefined) return null;
  const ms = typeof as_of === 'string' ? calendarInstantMs(as_of) : null;
  if (ms === null) {
    throw new DomainRejection(
      'validation_failed',
      `as_of must be an ISO-8601 date-time such as 2026-11-30T23:00:00Z, not ${JSON.stringify(as_of)}`,
      'as_of',
    );
  }
  return ms;
}
