import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/public.decorator.js';
import { HealthService } from './health.service.js';
import { DatabaseHealthDto, LivenessDto, ReadinessDto } from './health.dto.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get()
  @ApiOkResponse({ type: LivenessDto, description: 'The process is up (liveness).' })
  liveness(): LivenessDto {
    return this.health.liveness();
  }

  @Get('db')
  @HttpCode(200)
  @ApiOkResponse({ type: DatabaseHealthDto })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer (code SERVICE_UNAVAILABLE).' })
  database(): Promise<DatabaseHealthDto> {
    return this.health.database();
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessDto, description: 'Every dependency answers (readiness).' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; the body says which.' })
  readiness(): Promise<ReadinessDto> {
    return this.health.readiness();
  }
}
