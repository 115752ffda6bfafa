import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { ValidBodyPipe } from '../http/valid-body.pipe.js';
import { RegisterPrincipalDto } from './register-principal.dto.js';
import { RegisterPrincipalCommand, type PrincipalView } from './register-principal.handler.js';

@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/principals')
@UseGuards(AdminGuard)
export class PrincipalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an auditor or dispute handler (idempotent)',
    description:
      'The principal then calls with `Authorization: Bearer <token>`; the token is stored only ' +
      'as its SHA-256 hash. See the README for what each role may do.',
  })
  @ApiResponse({ status: 201, description: 'registered' })
  @ApiResponse({ status: 200, description: 'the same registration again: nothing changed' })
  @ApiResponse({ status: 409, description: 'the id is registered with other details' })
  async register(
    @Body(new ValidBodyPipe(RegisterPrincipalDto)) body: RegisterPrincipalDto,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PrincipalView> {
    const result = await this.commands.execute(new RegisterPrincipalCommand(body, context));
    response.status(result.created ? 201 : 200);
    return result.principal;
  }
}
