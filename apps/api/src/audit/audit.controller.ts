import { once } from 'node:events';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '#event-store';
import { DomainRejection } from '#ledger';
import {
  parseWindow,
  JOURNAL_CSV_HEADER,
  JOURNAL_FORMATS,
  journalLine,
  journalOf,
  type JournalFormat,
  CDR_LINEAGE_PROJECTION,
} from '#projections';
import { Allow, seesAllParties } from '../auth/auth.guards.js';
import { GetCdrQuery } from '../cdrs/get-cdr.query.js';
import type { LedgerRequest } from '../http/request-context.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { CdrLineageService } from './cdr-lineage.service.js';

/** The auditor's routes (INTERFACES.md "Audit"). */
@ApiTags('audit')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly lineage: CdrLineageService,
    private readonly consistency: ReadAfterWrite,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('cdrs/:country_code/:party_id/:cdr_id')
  @Allow('read_audit')
  @ApiOperation({
    summary: "A CDR's lineage: every event that concerns it, oldest first, across streams",
    description:
      'Its receipt, the tariff and agreement versions and the price used, holds, postings, ' +
      'credits, disputes and adjustments, statements and invoices that include it; each with ' +
      'stream, revision, global position, times, acting principal, correlation id, its hash ' +
      'and the hash it chains from, and its data as stored. Auditors, admin, and the OCPI ' +
      "token of the CDR's CPO or eMSP (another party: 403). Unknown CDR: 404.",
  })
  async cdrLineage(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('cdr_id') cdr_id: string,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const key = { country_code, party_id, cdr_id };
    const viewer = seesAllParties(request) ? null : (request.partner ?? null);
    // 404 for an unknown CDR, 403 for a partner that is not party to it.
    await this.queries.execute(new GetCdrQuery(key, viewer));
    await this.consistency.awaitHead(response, [CDR_LINEAGE_PROJECTION]);
    return { events: await this.lineage.lineageOf(key) };
  }

  @Get('journal')
  @Allow('read_journal')
  @ApiOperation({
    summary: 'Every posting with ledger time in [from, to), streamed from the log',
    description:
      'One row per posting: posted_at, transaction_id, source_type, source_id, party, account, ' +
      'counterparty, currency, debit_minor, credit_minor, position; in log order. JSON lines ' +
      '(default) or CSV with a header row (`format=csv`). Debits equal credits per currency ' +
      'and per transaction. `from` inclusive, `to` exclusive, ISO-8601. Admin and auditors. ' +
      'The same rows as `bin/ledger audit journal --from --to [--format csv]`.',
  })
  @ApiQuery({ name: 'from', example: '2026-11-01T00:00:00Z' })
  @ApiQuery({ name: 'to', example: '2026-12-01T00:00:00Z' })
  @ApiQuery({ name: 'format', required: false, enum: JOURNAL_FORMATS })
  async journal(
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('format') format: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const window = parseWindow(from, to);
    if ('field' in window) {
      throw new DomainRejection('validation_failed', window.message, window.field);
    }
    const chosen = format === undefined ? 'json' : format;
    if (typeof chosen !== 'string' || !(JOURNAL_FORMATS as readonly string[]).includes(chosen)) {
      throw new DomainRejection(
        'validation_failed',
        `format must be one of ${JOURNAL_FORMATS.join(', ')}, not ${JSON.stringify(format)}`,
        'format',
      );
    }
    const csv = chosen === 'csv';
    response.status(200);
    response.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    try {
      if (csv) await write(response, JOURNAL_CSV_HEADER);
      for await (const row of journalOf(this.store, window)) {
        await write(response, journalLine(row, chosen as JournalFormat));
      }
      response.end();
    } catch (error) {
      // Headers are gone: the only honest signal left is a broken response.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** Writes with backpressure: memory stays bounded whatever the window. */
async function write(response: Response, text: string): Promise<void> {
  if (response.destroyed) throw new Error('the client closed the connection');
  if (!response.write(text)) {
    await Promise.race([once(response, 'drain'), once(response, 'close')]);
  }
}
