import { Controller, Get, Inject, NotFoundException, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ocpiSuccess, type OcpiResponse } from '#ocpi';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { ConnectionCallers } from './connection-callers.js';
import { isOcpiVersion, versionDetails, versionList } from './ocpi-versions.js';

/**
 * The versions endpoint and each version's details (version_information_endpoint.asciidoc).
 * Like every OCPI endpoint they need a token: a partner's, or an unspent registration token (a
 * partner reads them before its credentials POST).
 */
@ApiTags('ocpi credentials')
@ApiSecurity('ocpi-token')
@Controller('ocpi')
export class VersionsController {
  constructor(
    private readonly callers: ConnectionCallers,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('versions')
  @ApiOperation({ summary: 'The OCPI versions served (2.2.1, 2.3.0) with their details URLs' })
  async versions(@Req() request: Request): Promise<OcpiResponse<unknown>> {
    await this.callers.resolveUsable(request.header('authorization'));
    return ocpiSuccess(versionList(this.config), new Date().toISOString());
  }

  @Get(':version')
  @ApiOperation({ summary: "A version's endpoints: module identifiers, role RECEIVER, URLs" })
  async details(
    @Param('version') version: string,
    @Req() request: Request,
  ): Promise<OcpiResponse<unknown>> {
    await this.callers.resolveUsable(request.header('authorization'));
    if (!isOcpiVersion(version))
      throw new NotFoundException(`OCPI version ${version} is not served`);
    return ocpiSuccess(versionDetails(this.config, version), new Date().toISOString());
  }
}
