import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import { idAt, parseEvidence, parseOpenDispute, parseResolution } from '#disputes';
import type { EventStore } from '#event-store';
import { invalidField } from '#ledger';
import { DISPUTES_PAGE_MAX, DisputeQueries, DISPUTES_PROJECTION } from '#projections';
import { Allow } from '../auth/auth.guards.js';
import { Ctx, type LedgerRequest } from '../http/request-context.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { pageView, partyDocumentsPage } from '../statements/document-pages.js';
import {
  AddDisputeEvidenceCommand,
  OpenDisputeCommand,
  ResolveDisputeCommand,
} from './dispute-commands.handler.js';
import { actorOf } from './dispute-streams.js';
import { disputeView } from './dispute-view.js';
import { EVIDENCE_BODY, OPEN_DISPUTE_BODY, RESOLUTION_BODY } from './dispute-schemas.js';

@ApiTags('disputes')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller('v1')
export class DisputesController {
  private readonly queries: DisputeQueries;

  constructor(
    private readonly commands: CommandBus,
    private readonly consistency: ReadAfterWrite,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) db: DatabaseSync,
  ) {
    this.queries = new DisputeQueries(db);
  }

  @Post('disputes')
  @HttpCode(201)
  @Allow('open_disputes')
  @ApiOperation({
    summary: 'Open a dispute about a posted CDR',
    description:
      "The CDR's CPO or eMSP (OCPI token), a dispute handler or the admin (Bearer). Same id " +
      'and body again -> 200; same id, other body -> 409 `dispute_conflict`. 403 ' +
      '`dispute_not_party` for any other partner; 404 unknown CDR; 409 `dispute_already_open` ' +
      "(the CDR has an open dispute), `dispute_window_closed` (later than the agreement's " +
      '`dispute_window_days` after the CDR was posted), `dispute_cdr_not_posted` (held or credit ' +
      'CDR). 400 naming the field for bad input.',
  })
  @ApiBody(OPEN_DISPUTE_BODY)
  @ApiResponse({ status: 201, description: '{ dispute }' })
  async open(
    @Body() body: unknown,
    @Req() request: LedgerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const input = parseOpenDispute(body);
    const result = await this.commands.execute(
      new OpenDisputeCommand(input, actorOf(request), context),
    );
    response.status(result.created ? 201 : 200);
    return disputeView(this.store, input.id, request);
  }

  @Post('disputes/:id/evidence')
  @HttpCode(201)
  @Allow('open_disputes')
  @ApiOperation({
    summary: 'Add evidence to an open dispute (idempotent by evidence id)',
    description:
      'Either party of the CDR, a dispute handler or the admin. Same evidence id and text -> ' +
      '200; other text -> 409 `evidence_conflict`; a resolved dispute -> 409 `dispute_not_open`.',
  })
  @ApiBody(EVIDENCE_BODY)
  async evidence(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: LedgerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const dispute_id = this.disputeId(id);
    const evidence = parseEvidence(body);
    const result = await this.commands.execute(
      new AddDisputeEvidenceCommand(dispute_id, evidence, actorOf(request), context),
    );
    response.status(result.created ? 201 : 200);
    return disputeView(this.store, dispute_id, request);
  }

  @Post('disputes/:id/resolution')
  @HttpCode(201)
  @Allow('resolve_disputes')
  @ApiOperation({
    summary: 'Resolve a dispute: REJECTED, ADJUSTED (to total_cost) or VOIDED',
    description:
      'A dispute handler or the admin (a partner -> 403). ADJUSTED posts one compensating ' +
      "transaction moving the CDR's settled amount and its percentage fees to `total_cost`; " +
      "VOIDED reverses the CDR's whole settlement, fees included; REJECTED posts nothing. The " +
      'original posting never changes; the next statement close carries the adjustment (a ' +
      'credit note or corrective invoice referencing the original invoice). The same ' +
      'resolution again -> 200; another -> 409 `dispute_already_resolved`; a CDR reversed by a ' +
      'credit CDR -> 409 `cdr_already_credited`. Optional `driver_refund` (incl. VAT): a ' +
      "credit note to the driver at the eMSP's next driver close.",
  })
  @ApiBody(RESOLUTION_BODY)
  async resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: LedgerRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const dispute_id = this.disputeId(id);
    const input = parseResolution(body);
    const result = await this.commands.execute(
      new ResolveDisputeCommand(dispute_id, input, actorOf(request), context),
    );
    response.status(result.created ? 201 : 200);
    return disputeView(this.store, dispute_id, request);
  }

  @Get('disputes/:id')
  @Allow('read_disputes')
  @ApiOperation({
    summary: 'A dispute with its evidence, resolution, compensating transaction and history',
    description: "Admin, auditor, dispute handler, or the OCPI token of the CDR's CPO or eMSP.",
  })
  async get(@Param('id') id: string, @Req() request: LedgerRequest) {
    return disputeView(this.store, this.disputeId(id), request);
  }

  @Get('partners/:country_code/:party_id/disputes')
  @Allow('read_disputes')
  @ApiOperation({
    summary: 'The disputes of the CDRs a party is CPO or eMSP of, newest first',
    description:
      'Admin, auditor, dispute handler, or the party itself. `status` OPEN or RESOLVED; paged ' +
      'with `limit` (1-200, default 50) and the `next_cursor` of the previous page.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['OPEN', 'RESOLVED'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Query('status') status: unknown,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (status !== undefined && status !== 'OPEN' && status !== 'RESOLVED') {
      throw invalidField('status', 'must be OPEN or RESOLVED');
    }
    const page = partyDocumentsPage(request, { country_code, party_id }, { limit, cursor });
    await this.consistency.awaitHead(response, [DISPUTES_PROJECTION]);
    const found = this.queries.disputesOf(
      page.party,
      status ?? null,
      Math.min(page.page_size, DISPUTES_PAGE_MAX),
      page.before,
    );
    return pageView('disputes', found.items, found.next_row);
  }

  private disputeId(id: string): string {
    return idAt(id, 'id');
  }
}
