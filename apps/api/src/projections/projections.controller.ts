import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { EventStore } from '#event-store';
import { recordRebuild, ProjectionRunner, type ProjectionStatus } from '#projections';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { Ctx } from '../http/request-context.js';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../auth/auth.guards.js';

function statusJson(status: ProjectionStatus) {
  return { ...status, checkpoint: status.checkpoint.toString() };
}

@ApiTags('admin')
@ApiBearerAuth('admin')
@Controller('admin/projections')
@UseGuards(AdminGuard)
export class ProjectionsController {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every projection with its checkpoint (log position) and state' })
  list() {
    return { projections: this.runner.status().map(statusJson) };
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiParam({ name: 'name', description: 'a projection name, or `all`' })
  @ApiOperation({
    summary: 'Drop a read model and replay the whole log into it (`all`: every projection)',
    description:
      'Answers when the rebuild is done. Queries wait (or answer 503) while it runs. The same ' +
      'as `bin/ledger rebuild [--projection NAME]`. Recorded as a ProjectionsRebuilt event ' +
      'with the acting principal.',
  })
  async rebuild(@Param('name') name: string, @Ctx() context: RequestContext) {
    const names = name === 'all' ? this.runner.names() : [name];
    const unknown = names.filter((candidate) => !this.runner.names().includes(candidate));
    if (unknown.length > 0) {
      throw new NotFoundException(
        `unknown projection ${unknown.join(', ')}; known: all, ${this.runner.names().join(', ')}`,
      );
    }
    const result = await this.runner.rebuild(names);
    await recordRebuild(this.store, result, {
      principal: context.principal,
      correlation_id: context.correlation_id,
      at: context.received_at,
      via: 'http',
    });
    return {
      projections: result.projections,
      events: result.events,
      duration_ms: Math.round(result.duration_ms),
      checkpoint: result.checkpoint.toString(),
    };
  }
}
