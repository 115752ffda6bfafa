import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { requestContextOf, type LedgerRequest } from '../http/request-context.js';
import { ocpiSuccess, type OcpiResponse } from '#ocpi';
import { AdminGuard } from '../auth/auth.guards.js';
import { BodyInvalid } from '../http/body-invalid.error.js';
import { Ctx } from '../http/request-context.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { ConnectionCallers, type ConnectionCaller } from './connection-callers.js';
import { CredentialsExchange, type LedgerCredentials } from './credentials.service.js';
import { isOcpiVersion, type OcpiVersion } from './ocpi-versions.js';

function versionOf(value: string): OcpiVersion {
  if (!isOcpiVersion(value)) throw new NotFoundException(`OCPI version ${value} is not served`);
  return value;
}

/** The caller acts as its party (`partner:<cc>/<pid>`) in the events it causes and the log. */
function actingAs(request: LedgerRequest, caller: ConnectionCaller): RequestContext {
  const party = caller.kind === 'partner' ? caller.partner : caller.party;
  request.principal = `partner:${party.country_code}/${party.party_id}`;
  return requestContextOf(request);
}

function ok<T>(data: T): OcpiResponse<T> {
  return ocpiSuccess(data, new Date().toISOString());
}

/**
 * The credentials module (credentials.asciidoc), for every version served. POST registers with a
 * registration token; PUT rotates and DELETE unregisters with the partner's current token.
 */
@ApiTags('ocpi credentials')
@ApiSecurity('ocpi-token')
@Controller('ocpi/:version/credentials')
export class CredentialsController {
  constructor(
    private readonly callers: ConnectionCallers,
    private readonly exchange: CredentialsExchange,
  ) {}

  @Get()
  @ApiOperation({ summary: "The ledger's credentials for the calling partner" })
  async get(
    @Param('version') version: string,
    @Req() request: Request,
  ): Promise<OcpiResponse<LedgerCredentials>> {
    versionOf(version);
    const caller = await this.callers.resolveUsable(request.header('authorization'));
    return ok(this.exchange.current(caller));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register: the partner sends its credentials with the registration token',
    description:
      'The ledger GETs the versions URL with the partner token, picks this version, reads its ' +
      'details, then answers with its own credentials and a new token, the only one accepted ' +
      'from then on. Unreachable / not OCPI: 3001; version not offered: 3002; no credentials ' +
      'endpoint: 3003; a spent registration token: 401; already registered: 405.',
  })
  @ApiBody({ schema: { type: 'object', description: 'OCPI Credentials (token, url, roles)' } })
  @ApiResponse({ status: 200, description: "the ledger's credentials with the new token" })
  async post(
    @Param('version') version: string,
    @Body() body: unknown,
    @Req() request: LedgerRequest,
  ): Promise<OcpiResponse<LedgerCredentials>> {
    const served = versionOf(version);
    const caller = await this.callers.resolve(request.header('authorization'));
    return ok(await this.exchange.register(served, caller, body, actingAs(request, caller)));
  }

  @Put()
  @ApiOperation({ summary: 'Rotate: new credentials from the partner, a new token from us' })
  @ApiBody({ schema: { type: 'object', description: 'OCPI Credentials (token, url, roles)' } })
  async put(
    @Param('version') version: string,
    @Body() body: unknown,
    @Req() request: LedgerRequest,
  ): Promise<OcpiResponse<LedgerCredentials>> {
    const served = versionOf(version);
    const caller = await this.callers.resolveUsable(request.header('authorization'));
    return ok(await this.exchange.update(served, caller, body, actingAs(request, caller)));
  }

  @Delete()
  @ApiOperation({ summary: 'Unregister: the partner token stops working at once' })
  async delete(
    @Param('version') version: string,
    @Req() request: LedgerRequest,
  ): Promise<OcpiResponse<null>> {
    versionOf(version);
    const caller = await this.callers.resolveUsable(request.header('authorization'));
    await this.exchange.unregister(caller, actingAs(request, caller));
    return ok(null);
  }
}

/** `POST /admin/partners/{cc}/{pid}/registration-token`: CREDENTIALS_TOKEN_A for one party. */
@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/partners/:country_code/:party_id/registration-token')
@UseGuards(AdminGuard)
export class RegistrationTokenController {
  constructor(private readonly exchange: CredentialsExchange) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue a registration token (also for a party not registered yet)',
    description:
      'Give it to the partner with the versions URL; its credentials POST spends it. Shown ' +
      'once: only its SHA-256 is stored.',
  })
  @ApiResponse({ status: 201, description: '{ "token": "..." }' })
  async issue(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Ctx() context: RequestContext,
  ): Promise<{ token: string }> {
    if (!/^[A-Za-z]{2}$/.test(country_code)) {
      throw new BodyInvalid('country_code', 'country_code must be two letters (ISO-3166 alpha-2)');
    }
    if (!/^[A-Za-z0-9]{3}$/.test(party_id)) {
      throw new BodyInvalid('party_id', 'party_id must be 3 letters or digits');
    }
    const party = { country_code: country_code.toUpperCase(), party_id: party_id.toUpperCase() };
    return { token: await this.exchange.issueRegistrationToken(party, context) };
  }
}
