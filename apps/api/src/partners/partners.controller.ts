import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { ValidBodyPipe } from '../http/valid-body.pipe.js';
import { AmendPartnerDto } from './amend-partner.dto.js';
import { AmendPartnerCommand } from './amend-partner.handler.js';
import { RegisterPartnerDto } from './register-partner.dto.js';
import { RegisterPartnerCommand, type PartnerView } from './register-partner.handler.js';

@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/partners')
@UseGuards(AdminGuard)
export class PartnersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a roaming partner (idempotent)' })
  @ApiResponse({ status: 201, description: 'registered' })
  @ApiResponse({ status: 200, description: 'the same registration again: nothing changed' })
  @ApiResponse({ status: 409, description: 'the party is registered with other details' })
  async register(
    @Body(new ValidBodyPipe(RegisterPartnerDto)) body: RegisterPartnerDto,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartnerView> {
    const result = await this.commands.execute(new RegisterPartnerCommand(body, context));
    response.status(result.created ? 201 : 200);
    return result.partner;
  }

  @Post(':country_code/:party_id/amendments')
  @HttpCode(201)
  @ApiOperation({
    summary: "Amend a partner's master data from an effective time on (never retroactive)",
  })
  @ApiResponse({ status: 201, description: 'amended: the details in force from effective_from' })
  @ApiResponse({ status: 200, description: 'the same amendment again: nothing changed' })
  @ApiResponse({ status: 400, description: 'a field fails its check (named in `field`)' })
  @ApiResponse({ status: 404, description: 'partner_unknown' })
  @ApiResponse({ status: 409, description: 'partner_amendment_retroactive' })
  async amend(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Body(new ValidBodyPipe(AmendPartnerDto)) body: AmendPartnerDto,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartnerView> {
    const result = await this.commands.execute(
      new AmendPartnerCommand(country_code, party_id, body, context),
    );
    response.status(result.created ? 201 : 200);
    return result.partner;
  }
}
