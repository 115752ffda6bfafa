import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { ValidBodyPipe } from '../http/valid-body.pipe.js';
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
}
