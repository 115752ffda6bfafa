import { Body, Controller, Get, Param, Patch, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SessionDto } from '../../../../libs/ocpi/src/dto/session.dto.js';
import type { OcpiResponse } from '../../../../libs/ocpi/src/envelope.js';
import { assertOwnParty, PartnerGuard } from '../auth/auth.guards.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import {
  assertBodyIdentity,
  assertPatchHasLastUpdated,
  ocpiOk,
  validOcpiBody,
} from '../http/ocpi-resource.js';
import { Ctx, Party } from '../http/request-context.js';
import { GetOcpiObjectQuery } from '../receiver/get-ocpi-object.query.js';
import { PatchSessionCommand, PutSessionCommand } from './session.commands.js';

@ApiTags('ocpi 2.2.1 receiver')
@ApiSecurity('ocpi-token')
@Controller('ocpi/2.2.1/sessions')
@UseGuards(PartnerGuard)
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':country_code/:party_id/:session_id')
  @ApiOperation({ summary: 'The Session as the ledger holds it (its owner only)' })
  async get(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('session_id') id: string,
    @Party() party: AuthenticatedParty,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const key = { country_code, party_id, id };
    return ocpiOk(await this.queries.execute(new GetOcpiObjectQuery('session', key)));
  }

  @Put(':country_code/:party_id/:session_id')
  @ApiOperation({ summary: 'Create or replace a Session (OCPI 2.2.1 Session object)' })
  @ApiBody({ schema: { type: 'object', description: 'OCPI 2.2.1 Session' } })
  async put(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('session_id') id: string,
    @Body() body: unknown,
    @Party() party: AuthenticatedParty,
    @Ctx() context: RequestContext,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const session = validOcpiBody(SessionDto, body);
    const key = { country_code, party_id, id };
    assertBodyIdentity(session, key);
    const outcome = await this.commands.execute(new PutSessionCommand(key, session, context));
    return ocpiOk(outcome.object);
  }

  @Patch(':country_code/:party_id/:session_id')
  @ApiOperation({ summary: 'Update fields of a Session; `last_updated` is required' })
  @ApiBody({ schema: { type: 'object', description: 'fields of an OCPI 2.2.1 Session' } })
  async patch(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('session_id') id: string,
    @Body() body: unknown,
    @Party() party: AuthenticatedParty,
    @Ctx() context: RequestContext,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const patch = assertPatchHasLastUpdated(body);
    const key = { country_code, party_id, id };
    assertBodyIdentity(patch, key);
    const outcome = await this.commands.execute(new PatchSessionCommand(key, patch, context));
    return ocpiOk(outcome.object);
  }
}
