import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOperation({ summary: 'Answers 200 once the service accepts requests' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
