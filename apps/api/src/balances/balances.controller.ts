import { ciKey } from '#ocpi';
import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import { BalanceQueries, POSTINGS_PAGE_MAX, BALANCES_PROJECTION } from '#projections';
import { AdminOrPartnerGuard, assertOwnParty, seesAllParties } from '../auth/auth.guards.js';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import type { LedgerRequest } from '../http/request-context.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import {
  balancesView,
  decodeCursor,
  encodeCursor,
  parseAsOf,
  parseLimit,
  postingView,
} from './balances.views.js';

@ApiTags('ledger queries')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller('v1/partners')
@UseGuards(AdminOrPartnerGuard)
export class BalancesController {
  private readonly queries: BalanceQueries;

  constructor(
    @Inject(READ_MODELS) db: DatabaseSync,
    private readonly consistency: ReadAfterWrite,
    private readonly directory: PartnerDirectory,
  ) {
    this.queries = new BalanceQueries(db);
  }

  @Get(':country_code/:party_id/balances')
  @ApiOperation({
    summary: "A party's balances per currency and counterparty, now or as of a moment",
    description:
      'Positive = the party is owed money, negative = it owes money; decimal strings in the ' +
      "currency's minor unit. `as_of` (ISO-8601) gives the balance as it stood at that moment " +
      'of ledger (posting) time. Admin token, or the OCPI token of the party itself. Reflects ' +
      'every write acknowledged before the request; 503 with Retry-After if the read models ' +
      'cannot catch up within 2 s.',
  })
  @ApiQuery({ name: 'as_of', required: false, example: '2026-01-31T23:59:59Z' })
  @ApiResponse({ status: 403, description: "another partner's balances" })
  async balances(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Query('as_of') as_of: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const party = this.authorise(request, country_code, party_id);
    const as_of_ms = parseAsOf(as_of);
    await this.consistency.awaitHead(response, [BALANCES_PROJECTION]);
    const details = await this.partyDetails(party);
    const moment = as_of_ms ?? Date.now();
    return {
      party: details,
      as_of: new Date(moment).toISOString(),
      balances: balancesView(this.queries.balancesOf(party.key, as_of_ms)),
    };
  }

  @Get(':country_code/:party_id/transactions')
  @ApiOperation({
    summary: "The postings that make up a party's balance, newest first",
    description:
      'One item per transaction and counterparty: the signed amount it moved the balance by, ' +
      'the ledger time, and its source (a CDR, a credit CDR, a payment or a statement close). Paged with ' +
      '`limit` (1-500, default 50) and the `next_cursor` of the previous page.',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async transactions(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const party = this.authorise(request, country_code, party_id);
    const page_size = parseLimit(limit, POSTINGS_PAGE_MAX);
    const before = decodeCursor(cursor);
    await this.consistency.awaitHead(response, [BALANCES_PROJECTION]);
    const details = await this.partyDetails(party);
    const rows = this.queries.postingsOf(party.key, page_size, before);
    const last = rows.at(-1);
    return {
      party: details,
      postings: rows.map(postingView),
      next_cursor: rows.length === page_size && last ? encodeCursor(last.entry_id) : null,
    };
  }

  private authorise(request: LedgerRequest, country_code: string, party_id: string) {
    if (!seesAllParties(request)) {
      if (!request.partner) throw new Error('partner guard did not run');
      assertOwnParty(request.partner, country_code, party_id);
    }
    const country = ciKey(country_code);
    const id = ciKey(party_id);
    return { country_code: country, party_id: id, key: `${country}/${id}` };
  }

  /** The registered partner; a party known only from postings (e.g. an unregistered fee
   * beneficiary) is shown by its identifiers; a party never seen is a 404. */
  private async partyDetails(party: { country_code: string; party_id: string; key: string }) {
    const registered = await this.directory.partner(party.country_code, party.party_id);
    if (registered !== null) {
      const { country_code, party_id, role, name } = registered;
      return { country_code, party_id, role, name };
    }
    if (this.queries.hasEntries(party.key)) {
      return { country_code: party.country_code, party_id: party.party_id };
    }
    throw new NotFoundException(`party ${party.key} is unknown to the ledger`);
  }
}
