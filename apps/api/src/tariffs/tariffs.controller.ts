import { Body, Controller, Get, Delete, Param, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Tariff230Dto, TariffDto, type OcpiResponse } from '#ocpi';
import { assertOwnParty, PartnerGuard } from '../auth/auth.guards.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { ocpiOk } from '../http/ocpi-resource.js';
import { Ctx, Party } from '../http/request-context.js';
import { acceptedObject, heldObject } from '../receiver/ocpi-object.controller.js';
import type { ObjectRules } from '../receiver/ocpi-object.js';
import { assertPriceableTariff } from './priceable-tariff.js';
import { PublishTariffCommand, WithdrawTariffCommand } from './tariff.commands.js';

/** A tariff must be readable by the pricing engine to be accepted. */
const TARIFF_RULES: ObjectRules = {
  name: 'tariff',
  version: '2.2.1',
  dto: TariffDto,
  assertAcceptable: assertPriceableTariff,
};

/** OCPI 2.3.0 tariffs (`tax_included`, PriceLimits): the pricing engine prices them too. */
const TARIFF_RULES_230: ObjectRules = { ...TARIFF_RULES, version: '2.3.0', dto: Tariff230Dto };

/** `GET`, `PUT`, `DELETE ocpi/{version}/tariffs/{country_code}/{party_id}/{tariff_id}`. */
function tariffsController(rules: ObjectRules) {
  const { version } = rules;

  @ApiTags(`ocpi ${version} receiver`)
  @ApiSecurity('ocpi-token')
  @Controller(`ocpi/${version}/tariffs`)
  @UseGuards(PartnerGuard)
  class TariffsController {
    constructor(
      private readonly commands: CommandBus,
      private readonly queries: QueryBus,
    ) {}

    @Get(':country_code/:party_id/:tariff_id')
    @ApiOperation({
      summary: 'The Tariff (its latest version) as the ledger holds it (its owner only)',
    })
    async get(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param('tariff_id') id: string,
      @Party() party: AuthenticatedParty,
    ): Promise<OcpiResponse<unknown>> {
      return heldObject(this.queries, 'tariff', party, { country_code, party_id, id });
    }

    @Put(':country_code/:party_id/:tariff_id')
    @ApiOperation({ summary: `Publish a new version of a Tariff (OCPI ${version} Tariff)` })
    @ApiBody({ schema: { type: 'object', description: `OCPI ${version} Tariff` } })
    async put(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param('tariff_id') id: string,
      @Body() body: unknown,
      @Party() party: AuthenticatedParty,
      @Ctx() context: RequestContext,
    ): Promise<OcpiResponse<{ version: number }>> {
      const key = { country_code, party_id, id };
      const tariff = acceptedObject(rules, party, key, body);
      const outcome = await this.commands.execute(new PublishTariffCommand(key, tariff, context));
      return ocpiOk({ version: outcome.version });
    }

    @Delete(':country_code/:party_id/:tariff_id')
    @ApiOperation({ summary: 'Withdraw a Tariff: no version is in force from now on' })
    async delete(
      @Param('country_code') country_code: string,
      @Param('party_id') party_id: string,
      @Param('tariff_id') id: string,
      @Party() party: AuthenticatedParty,
      @Ctx() context: RequestContext,
    ): Promise<OcpiResponse<null>> {
      assertOwnParty(party, country_code, party_id);
      const key = { country_code, party_id, id };
      await this.commands.execute(new WithdrawTariffCommand(key, context));
      return ocpiOk(null);
    }
  }
  return TariffsController;
}

export class TariffsController extends tariffsController(TARIFF_RULES) {}

/** The same routes under `ocpi/2.3.0/tariffs/`, taking OCPI 2.3.0 Tariffs. */
export class Tariffs230Controller extends tariffsController(TARIFF_RULES_230) {}
