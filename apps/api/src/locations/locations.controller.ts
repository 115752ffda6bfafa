import { Body, Controller, Get, Param, Patch, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { LocationDto } from '../../../../libs/ocpi/src/dto/location.dto.js';
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
import {
  assertKnownTimeZone,
  PatchLocationCommand,
  PutLocationCommand,
} from './location.commands.js';

@ApiTags('ocpi 2.2.1 receiver')
@ApiSecurity('ocpi-token')
@Controller('ocpi/2.2.1/locations')
@UseGuards(PartnerGuard)
export class LocationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':country_code/:party_id/:location_id')
  @ApiOperation({ summary: 'The Location as the ledger holds it (its owner only)' })
  async get(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('location_id') id: string,
    @Party() party: AuthenticatedParty,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const key = { country_code, party_id, id };
    return ocpiOk(await this.queries.execute(new GetOcpiObjectQuery('location', key)));
  }

  @Put(':country_code/:party_id/:location_id')
  @ApiOperation({ summary: 'Create or replace a Location (OCPI 2.2.1 Location object)' })
  @ApiBody({ schema: { type: 'object', description: 'OCPI 2.2.1 Location' } })
  async put(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('location_id') id: string,
    @Body() body: unknown,
    @Party() party: AuthenticatedParty,
    @Ctx() context: RequestContext,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const location = validOcpiBody(LocationDto, body);
    const key = { country_code, party_id, id };
    assertBodyIdentity(location, key);
    assertKnownTimeZone(location);
    const outcome = await this.commands.execute(new PutLocationCommand(key, location, context));
    return ocpiOk(outcome.object);
  }

  @Patch(':country_code/:party_id/:location_id')
  @ApiOperation({ summary: 'Update fields of a Location; `last_updated` is required' })
  @ApiBody({ schema: { type: 'object', description: 'fields of an OCPI 2.2.1 Location' } })
  async patch(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Param('location_id') id: string,
    @Body() body: unknown,
    @Party() party: AuthenticatedParty,
    @Ctx() context: RequestContext,
  ): Promise<OcpiResponse<unknown>> {
    assertOwnParty(party, country_code, party_id);
    const patch = assertPatchHasLastUpdated(body);
    const key = { country_code, party_id, id };
    assertBodyIdentity(patch, key);
    const outcome = await this.commands.execute(new PatchLocationCommand(key, patch, context));
    return ocpiOk(outcome.object);
  }
}
