import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CdrDto } from '../../../../libs/ocpi/src/dto/cdr.dto.js';
import type { OcpiResponse } from '../../../../libs/ocpi/src/envelope.js';
import { PartnerGuard } from '../auth/auth.guards.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import { BodyInvalid } from '../http/body-invalid.error.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { ocpiOk, validOcpiBody } from '../http/ocpi-resource.js';
import { Ctx, Party } from '../http/request-context.js';
import { pricingCdrIssue } from './cdr-pricing.js';
import { GetCdrQuery } from './get-cdr.query.js';
import { PostCdrCommand } from './post-cdr.handler.js';

@ApiTags('ocpi 2.2.1 receiver')
@ApiSecurity('ocpi-token')
@Controller('ocpi/2.2.1/cdrs')
@UseGuards(PartnerGuard)
export class CdrsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Deliver a CDR: it is priced, then posted or held' })
  @ApiBody({ schema: { type: 'object', description: 'OCPI 2.2.1 CDR' } })
  @ApiResponse({ status: 201, description: 'received; `Location` names the CDR' })
  @ApiResponse({ status: 200, description: 'the same CDR again: acknowledged, nothing changed' })
  @ApiResponse({ status: 409, description: 'the CDR id was received with other content' })
  async post(
    @Body() body: unknown,
    @Party() party: AuthenticatedParty,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OcpiResponse<null>> {
    const cdr = validOcpiBody(CdrDto, body);
    const cc = String(cdr.country_code);
    const pid = String(cdr.party_id);
    if (ciKey(cc) !== party.country_code || ciKey(pid) !== party.party_id) {
      throw new ForbiddenException(
        `a CDR of ${cc}/${pid} cannot be delivered by ${party.country_code}/${party.party_id}`,
      );
    }
    const issue = pricingCdrIssue(cdr);
    if (issue) throw new BodyInvalid(issue.field, `Invalid field ${issue.field}: ${issue.message}`);
    const result = await this.commands.execute(new PostCdrCommand(cdr, context));
    const { country_code, party_id, cdr_id } = result.key;
    response.setHeader(
      'Location',
      `/ocpi/2.2.1/cdrs/${encodeURIComponent(country_code)}/${encodeURIComponent(party_id)}/${encodeURIComponent(cdr_id)}`,
    );
    response.status(result.created ? 201 : 200);
    return ocpiOk(null);
  }

  @Get(':country_code/:party_id/:cdr_id')
  @ApiOperation({ summary: 'The CDR as received (for its CPO and its eMSP)' })
  async get(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('cdr_id') cdr_id: string,
    @Party() party: AuthenticatedParty,
  ): Promise<OcpiResponse<unknown>> {
    const state = await this.queries.execute(
      new GetCdrQuery({ country_code, party_id, cdr_id }, party),
    );
    return ocpiOk(state.received!.cdr);
  }
}
