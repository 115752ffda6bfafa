import { ciKey, Cdr230Dto, CdrDto, type OcpiObjectVersion, type OcpiResponse } from '#ocpi';
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
import { PartnerGuard } from '../auth/auth.guards.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import { BodyInvalid } from '../http/body-invalid.error.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { assertOfVersion, ocpiOk, validOcpiBody } from '../http/ocpi-resource.js';
import { Ctx, Party } from '../http/request-context.js';
import { pricingCdrIssue } from './cdr-pricing.js';
import { GetCdrQuery } from './get-cdr.query.js';
import { PostCdrCommand } from './post-cdr.handler.js';

/**
 * `POST ocpi/{version}/cdrs` and `GET ocpi/{version}/cdrs/{country_code}/{party_id}/{cdr_id}`:
 * one flow for both OCPI versions; only the DTO (and the refusal of the other version's fields)
 * differs, and the CDR records the version it arrived in.
 */
function cdrsController(version: OcpiObjectVersion, dto: new () => object) {
  @ApiTags(`ocpi ${version} receiver`)
  @ApiSecurity('ocpi-token')
  @Controller(`ocpi/${version}/cdrs`)
  @UseGuards(PartnerGuard)
  class CdrsController {
    constructor(
      private readonly commands: CommandBus,
      private readonly queries: QueryBus,
    ) {}

    @Post()
    @ApiOperation({ summary: 'Deliver a CDR: it is priced, then posted or held' })
    @ApiBody({ schema: { type: 'object', description: `OCPI ${version} CDR` } })
    @ApiResponse({ status: 201, description: 'received; `Location` names the CDR' })
    @ApiResponse({ status: 200, description: 'the same CDR again: acknowledged, nothing changed' })
    @ApiResponse({ status: 409, description: 'the CDR id was received with other content' })
    async post(
      @Body() body: unknown,
      @Party() party: AuthenticatedParty,
      @Ctx() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<OcpiResponse<null>> {
      assertOfVersion('cdr', body, version);
      const cdr = validOcpiBody(dto, body);
      const cc = String(cdr.country_code);
      const pid = String(cdr.party_id);
      if (ciKey(cc) !== party.country_code || ciKey(pid) !== party.party_id) {
        throw new ForbiddenException(
          `a CDR of ${cc}/${pid} cannot be delivered by ${party.country_code}/${party.party_id}`,
        );
      }
      const issue = pricingCdrIssue(cdr);
      if (issue)
        throw new BodyInvalid(issue.field, `Invalid field ${issue.field}: ${issue.message}`);
      const result = await this.commands.execute(new PostCdrCommand(cdr, context, version));
      const { country_code, party_id, cdr_id } = result.key;
      response.setHeader(
        'Location',
        `/ocpi/${version}/cdrs/${encodeURIComponent(country_code)}/${encodeURIComponent(party_id)}/${encodeURIComponent(cdr_id)}`,
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
  return CdrsController;
}

export class CdrsController extends cdrsController('2.2.1', CdrDto) {}

/** The same routes under `ocpi/2.3.0/cdrs`, taking OCPI 2.3.0 CDRs (Price with taxes). */
export class Cdrs230Controller extends cdrsController('2.3.0', Cdr230Dto) {}
