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
  Query,
  Req,
  Res,
  UseGuards,
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
import { Agreement, agreementStreamName } from '#agreements';
import type { EventStore } from '#event-store';
import { invoiceSummary } from '#invoicing';
import { instantMs, invalidField, isIsoDateTime, samePartyId } from '#ledger';
import { isPagedStatement, type StoredStatement, utcInstant } from '#settlement';
import {
  EXCEPTIONS_PROJECTION,
  DOCUMENTS_PROJECTION,
  DOCUMENTS_PAGE_MAX,
  DocumentQueries,
} from '#projections';
import { AdminGuard, AdminOrPartnerGuard, seesAllParties } from '../auth/auth.guards.js';
import { decodeCursor, parseLimit } from '../balances/balances.views.js';
import { loadStream, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { Ctx, type LedgerRequest } from '../http/request-context.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { CloseSettlementPeriodCommand } from './close-settlement-period.handler.js';
import { pageView, partyDocumentsPage } from './document-pages.js';
import {
  linesUrl,
  statementView,
  storedStatementView,
  type StatementView,
} from './statement-view.js';

/** `period_end` of the close body: an ISO-8601 instant, default now; normalised to UTC. */
export function parsePeriodEnd(body: unknown, now: string): string {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw invalidField('$', 'the body must be a JSON object');
  }
  const value = (body as { period_end?: unknown } | null | undefined)?.period_end;
  if (value === undefined || value === null) return utcInstant(now);
  if (!isIsoDateTime(value)) throw invalidField('period_end', 'must be an ISO-8601 date-time');
  return utcInstant(value);
}

/**
 * How long after a period_end the close waits before reading the entries: a CDR or payment
 * whose request arrived before period_end (posted_at <= period_end) may still be on its way to
 * the log; selecting the period too early would leave it out of every statement. Bounded: a
 * period_end further in the past than this does not wait at all.
 */
export const POSTING_SETTLE_MS = 250;

async function settle(period_end: string, now: string): Promise<void> {
  const end_ms = instantMs(period_end);
  if (end_ms > instantMs(now)) return; // in the future: the decider refuses it (409)
  const wait_ms = Math.min(POSTING_SETTLE_MS, end_ms + POSTING_SETTLE_MS - Date.now());
  if (wait_ms > 0) await new Promise((resolve) => setTimeout(resolve, wait_ms));
}

@ApiTags('settlement')
@ApiBearerAuth('admin')
@Controller('v1')
export class StatementsController {
  private readonly documents: DocumentQueries;

  constructor(
    private readonly commands: CommandBus,
    private readonly consistency: ReadAfterWrite,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) db: DatabaseSync,
  ) {
    this.documents = new DocumentQueries(db);
  }

  @Post('agreements/:agreement_id/statements')
  @HttpCode(201)
  @UseGuards(AdminGuard)
  @ApiOperation({
    summary: 'Close a settlement period of an agreement and issue its invoices',
    description:
      "Everything the ledger posted under the agreement after the previous statement's " +
      '`period_end` and up to this one (CDRs, credit CDRs, payments) goes on one statement; its ' +
      'invoices (CPO -> eMSP, fee beneficiary -> CPO, credit notes) get gap-free numbers per ' +
      'issuer. The same `period_end` again -> 200 with the same statement (and issues any ' +
      'document a crash left unissued). 409 `statement_period_in_future`, ' +
      '`statement_period_not_after_previous`, `statement_period_before_agreement`, `statement_period_too_large`, `vat_rate_unknown`; 404 `agreement_unknown`; ' +
      '400 `validation_failed` (field `period_end`).',
  })
  @ApiBody({ schema: { type: 'object', example: { period_end: '2026-02-01T00:00:00Z' } } })
  @ApiResponse({ status: 201, description: '{ statement, invoices }' })
  @ApiResponse({ status: 200, description: 'the period was closed before: the same statement' })
  async close(
    @Param('agreement_id') agreement_id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const period_end = parsePeriodEnd(body, context.received_at);
    await settle(period_end, context.received_at);
    // The statement lists the agreement's open exceptions: the queue must be current too.
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION, EXCEPTIONS_PROJECTION]);
    const result = await this.commands.execute(
      new CloseSettlementPeriodCommand(agreement_id, period_end, context),
    );
    response.status(result.created ? 201 : 200);
    return {
      statement: statementView(result.statement, result.line_pages),
      invoices: result.invoices.map(invoiceSummary),
    };
  }

  @Get('agreements/:agreement_id/statements')
  @UseGuards(AdminOrPartnerGuard)
  @ApiSecurity('ocpi-token')
  @ApiOperation({ summary: "An agreement's statements, newest first (admin or its parties)" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async ofAgreement(
    @Param('agreement_id') agreement_id: string,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const page_size = parseLimit(limit, DOCUMENTS_PAGE_MAX);
    const before = decodeCursor(cursor);
    await this.assertAgreementParty(agreement_id, request);
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const page = this.documents.statementsOfAgreement(agreement_id, page_size, before);
    return pageView('statements', this.views(page.items), page.next_row);
  }

  @Get('partners/:country_code/:party_id/statements')
  @UseGuards(AdminOrPartnerGuard)
  @ApiSecurity('ocpi-token')
  @ApiOperation({ summary: "The statements of a party's agreements, newest first" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async ofParty(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { party, page_size, before } = partyDocumentsPage(
      request,
      { country_code, party_id },
      { limit, cursor },
    );
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const page = this.documents.statementsOf(party, page_size, before);
    return pageView('statements', this.views(page.items), page.next_row);
  }

  @Get('statements/:statement_id/lines')
  @UseGuards(AdminOrPartnerGuard)
  @ApiSecurity('ocpi-token')
  @ApiOperation({
    summary: "One page of a statement's lines (admin or the agreement's parties)",
    description:
      "The statement's `line_pages` names its pages; a page holds the next CDR, credit and " +
      'adjustment lines (`cdr_lines`, `credit_lines`, `adjustment_lines`), with `next_url` ' +
      'until the last page. 404 for an unknown statement or page.',
  })
  @ApiQuery({ name: 'page', required: false })
  async lines(
    @Param('statement_id') statement_id: string,
    @Query('page') page_text: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const page = page_text === undefined ? 1 : Number(page_text);
    if (!Number.isSafeInteger(page) || page < 1) {
      throw invalidField('page', 'must be an integer >= 1');
    }
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const stored = this.documents.storedStatement(statement_id);
    if (stored === null) throw new NotFoundException(`statement ${statement_id} is unknown`);
    await this.assertAgreementParty(stored.agreement_id, request);
    const found = isPagedStatement(stored)
      ? this.documents.statementPage(statement_id, page)
      : null;
    if (found === null) {
      throw new NotFoundException(`statement ${statement_id} has no page ${page} of lines`);
    }
    return found.page < found.pages
      ? { ...found, next_url: linesUrl(statement_id, page + 1) }
      : found;
  }

  /** Stored statements as answered: whole when small, else the header and its pages. */
  private views(items: readonly StoredStatement[]): StatementView[] {
    return items.map((stored) =>
      storedStatementView(stored, (header) => this.documents.wholeStatement(header)),
    );
  }

  /** 404 for an unknown agreement; a partner must be its CPO, eMSP or a fee beneficiary. */
  private async assertAgreementParty(agreement_id: string, request: LedgerRequest) {
    const { state } = await loadStream(this.store, agreementStreamName(agreement_id), Agreement);
    if (state.versions.length === 0) {
      throw new NotFoundException(`agreement ${agreement_id} is unknown`);
    }
    if (seesAllParties(request)) return;
    const viewer = request.partner;
    if (!viewer) throw new Error('partner guard did not run');
    const involved = state.versions.some((version) =>
      [version.cpo, version.emsp, ...version.fees.map((fee) => fee.beneficiary)].some((party) =>
        samePartyId(party, viewer),
      ),
    );
    if (!involved) {
      throw new ForbiddenException(`only the parties of agreement ${agreement_id} may read it`);
    }
  }
}
