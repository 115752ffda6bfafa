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
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import { invalidField, isIsoDateTime } from '#ledger';
import { EXCEPTIONS_PROJECTION, EXCEPTIONS_PAGE_MAX, ExceptionQueries } from '#projections';
import { AdminGuard, Allow, seesAllParties } from '../auth/auth.guards.js';
import { decodeCursor, encodeCursor, parseLimit } from '../balances/balances.views.js';
import { parseNote } from '../cdrs/resolve-cdr.handler.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx, type LedgerRequest } from '../http/request-context.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { exceptionView, parseStatus, parseType } from './exception-views.js';
import { ResolveExceptionCommand } from './resolve-exception.handler.js';
import { ReconciliationService } from './reconciliation.service.js';

@ApiTags('reconciliation')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller()
export class ExceptionsController {
  private readonly queries: ExceptionQueries;

  constructor(
    @Inject(READ_MODELS) db: DatabaseSync,
    private readonly consistency: ReadAfterWrite,
    private readonly commands: CommandBus,
    private readonly reconciliation: ReconciliationService,
  ) {
    this.queries = new ExceptionQueries(db);
  }

  @Get('v1/exceptions')
  @Allow('read_exceptions')
  @ApiOperation({
    summary: 'The exception queue: held CDRs, missing CDRs, stuck sessions, findings',
    description:
      'Oldest first. Filters `status` (OPEN, RESOLVED) and `type`; paged with `limit` (1-500, ' +
      'default 50) and the `next_cursor` of the previous page. Partners see the exceptions of ' +
      'their own CDRs and sessions (as CPO or eMSP); handlers, auditors and admin see all.',
  })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('status') status: unknown,
    @Query('type') type: unknown,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const filter = {
      status: parseStatus(status),
      type: parseType(type),
      party: seesAllParties(request)
        ? undefined
        : `${request.partner!.country_code}/${request.partner!.party_id}`,
    };
    const page_size = parseLimit(limit, EXCEPTIONS_PAGE_MAX);
    const after = decodeCursor(cursor);
    await this.consistency.awaitHead(response, [EXCEPTIONS_PROJECTION]);
    const rows = this.queries.list(filter, page_size + 1, after);
    const page = rows.slice(0, page_size);
    const last = page.at(-1);
    return {
      exceptions: page.map(exceptionView),
      next_cursor: rows.length > page_size && last ? encodeCursor(last.row_id) : null,
    };
  }

  @Post('v1/exceptions/:id/resolution')
  @HttpCode(201)
  @Allow('resolve_exceptions')
  @ApiOperation({
    summary: 'Resolve an exception with a note (dispute handler or admin)',
    description:
      '`{ "note" }` -> 201 with the exception. An exception that holds a CDR (CDR_HELD, a ' +
      'holding finding) is resolved with the CDR (`POST /v1/cdrs/.../resolution`): 409. ' +
      'Unknown -> 404; resolved before -> 409 (the same note again -> 201, nothing changes).',
  })
  async resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const note = parseNote((body as { note?: unknown } | null)?.note);
    await this.consistency.awaitHead(response, [EXCEPTIONS_PROJECTION]);
    await this.commands.execute(new ResolveExceptionCommand(id, note, context));
    await this.consistency.awaitHead(response, [EXCEPTIONS_PROJECTION]);
    return exceptionView(this.queries.byId(id)!);
  }

  @Post('admin/reconciliation/runs')
  @HttpCode(201)
  @UseGuards(AdminGuard)
  @ApiOperation({
    summary: 'Run the time-based checks (MISSING_CDR, STUCK_SESSION) as of an instant',
    description:
      '`{ "as_of": "<ISO-8601, default now>" }` -> 201 with the exceptions raised per type and ' +
      'the sessions examined; bounded work per run (`more`: run again for the rest).',
  })
  async run(@Body() body: unknown, @Ctx() context: RequestContext) {
    const as_of = (body as { as_of?: unknown } | null)?.as_of;
    if (as_of !== undefined && !isIsoDateTime(as_of)) {
      throw invalidField('as_of', 'must be an ISO-8601 date-time');
    }
    return this.reconciliation.run(
      typeof as_of === 'string' ? new Date(Date.parse(as_of)).toISOString() : context.received_at,
      context,
    );
  }
}
