import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminGuard } from '../auth/auth.guards.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { Ctx } from '../http/request-context.js';
import { AmendAgreementCommand } from './amend-agreement.handler.js';
import { RegisterAgreementCommand } from './register-agreement.handler.js';

@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/agreements')
@UseGuards(AdminGuard)
export class AgreementsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a settlement agreement between a CPO and an eMSP' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['id', 'cpo', 'emsp', 'currency'],
      example: {
        id: 'DEABC-NLXYZ',
        cpo: { country_code: 'DE', party_id: 'ABC' },
        emsp: { country_code: 'NL', party_id: 'XYZ' },
        currency: 'EUR',
        price_tolerance: '0.01',
        fees: [
          {
            beneficiary: { country_code: 'NL', party_id: 'HUB' },
            per_cdr: '0.20',
            percent_of_cost: '0',
          },
        ],
        rounding: 'HALF_UP',
        vat_treatment: 'standard',
        payment_terms_days: 30,
        dispute_window_days: 30,
        cdr_deadline_hours: 48,
        stuck_session_hours: 24,
        energy_tolerance_kwh: '0.01',
      },
    },
  })
  @ApiResponse({ status: 201, description: 'registered' })
  @ApiResponse({ status: 200, description: 'the same agreement again: nothing changed' })
  @ApiResponse({ status: 409, description: 'the id is registered with other content' })
  async register(
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const result = await this.commands.execute(new RegisterAgreementCommand(body, context));
    response.status(result.created ? 201 : 200);
    return result.agreement;
  }

  @Post(':agreement_id/amendments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Amend an agreement from an effective time on (a new version, never retroactive)',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['effective_from'],
      example: { effective_from: '2027-01-01T00:00:00Z', price_tolerance: '0.02' },
    },
  })
  @ApiResponse({ status: 201, description: 'the new version' })
  @ApiResponse({ status: 200, description: 'the same amendment again: nothing changed' })
  @ApiResponse({ status: 400, description: 'invalid terms, or cpo / emsp given (fixed)' })
  @ApiResponse({ status: 404, description: 'agreement_unknown' })
  @ApiResponse({ status: 409, description: 'agreement_amendment_retroactive' })
  async amend(
    @Param('agreement_id') agreement_id: string,
    @Body() body: unknown,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const result = await this.commands.execute(
      new AmendAgreementCommand(agreement_id, body, context),
    );
    response.status(result.created ? 201 : 200);
    return result.version;
  }
}
