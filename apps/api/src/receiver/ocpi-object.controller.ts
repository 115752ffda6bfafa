import { Body, Controller, Get, Param, Patch, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { JsonObject, OcpiResponse } from '#ocpi';
import { assertOwnParty, PartnerGuard } from '../auth/auth.guards.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import type { DomainEvent, RequestContext } from '../infrastructure/command-runner.js';
import {
  assertBodyIdentity,
  assertOfVersion,
  assertPatchHasLastUpdated,
  ocpiOk,
  validOcpiBody,
} from '../http/ocpi-resource.js';
import { Ctx, Party } from '../http/request-context.js';
import { GetOcpiObjectQuery } from './get-ocpi-object.query.js';
import type {
  ObjectKey,
  ObjectRules,
  OcpiObjectKind,
  ReplaceableObjectKind,
} from './ocpi-object.js';
import { PatchOcpiObjectCommand, PutOcpiObjectCommand } from './receive-ocpi-object.commands.js';

/** A PUT body, refused unless it is the caller's own object, valid, and addressed to its URL. */
export function acceptedObject(
  rules: ObjectRules,
  party: AuthenticatedParty,
  key: ObjectKey,
  body: unknown,
): JsonObject {
  assertOwnParty(party, key.country_code, key.party_id);
  assertOfVersion(rules.name, body, rules.version);
  const object = validOcpiBody(rules.dto, body);
  assertBodyIdentity(object, key);
  rules.assertAcceptable(object);
  return object;
}

/** The object as the ledger holds it, for its owner only. */
export async function heldObject(
  queries: QueryBus,
  kind: OcpiObjectKind,
  party: AuthenticatedParty,
  key: ObjectKey,
): Promise<OcpiResponse<unknown>> {
  assertOwnParty(party, key.country_code, key.party_id);
  return ocpiOk(await queries.execute(new GetOcpiObjectQuery(kind, key)));
}

/**
 * The OCPI receiver routes of an object that PUT replaces and PATCH merges into:
 * `GET`, `PUT`, `PATCH ocpi/{version}/{name}s/{country_code}/{party_id}/{name}_id`, for the
 * kind's OCPI version (its DTO).
 */
export function replaceableObjectController<C, E extends DomainEvent, S>(
  kind: ReplaceableObjectKind<C, E, S>,
) {
  const { ocpi_name, version } = kind;
  const id_param = `${kind.name}_id`;
  const route = `:country_code/:party_id/:${id_param}`;

  @ApiTags(`ocpi ${version} receiver`)
  @ApiSecurity('ocpi-token')
  @Controller(`ocpi/${version}/${kind.name}s`)
  @UseGuards(PartnerGuard)
  class ReplaceableObjectController {
    constructor(
      private readonly commands: CommandBus,
      private readonly queries: QueryBus,
    ) {}

    @Get(route)
    @ApiOperation({ summary: `The ${ocpi_name} as the ledger holds it (its owner only)` })
    async get(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param(id_param) id: string,
      @Party() party: AuthenticatedParty,
    ): Promise<OcpiResponse<unknown>> {
      return heldObject(this.queries, kind.name, party, { country_code, party_id, id });
    }

    @Put(route)
    @ApiOperation({
      summary: `Create or replace a ${ocpi_name} (OCPI ${version} ${ocpi_name} object)`,
    })
    @ApiBody({ schema: { type: 'object', description: `OCPI ${version} ${ocpi_name}` } })
    async put(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param(id_param) id: string,
      @Body() body: unknown,
      @Party() party: AuthenticatedParty,
      @Ctx() context: RequestContext,
    ): Promise<OcpiResponse<unknown>> {
      const key = { country_code, party_id, id };
      const object = acceptedObject(kind, party, key, body);
      const put = new PutOcpiObjectCommand(kind, key, object, context);
      return ocpiOk((await this.commands.execute(put)).object);
    }

    @Patch(route)
    @ApiOperation({ summary: `Update fields of a ${ocpi_name}; \`last_updated\` is required` })
    @ApiBody({
      schema: { type: 'object', description: `fields of an OCPI ${version} ${ocpi_name}` },
    })
    async patch(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param(id_param) id: string,
      @Body() body: unknown,
      @Party() party: AuthenticatedParty,
      @Ctx() context: RequestContext,
    ): Promise<OcpiResponse<unknown>> {
      assertOwnParty(party, country_code, party_id);
      const patch = assertPatchHasLastUpdated(body);
      assertOfVersion(kind.name, patch, version);
      const key = { country_code, party_id, id };
      assertBodyIdentity(patch, key);
      const command = new PatchOcpiObjectCommand(kind, key, patch, context);
      return ocpiOk((await this.commands.execute(command)).object);
    }
  }
  return ReplaceableObjectController;
}
