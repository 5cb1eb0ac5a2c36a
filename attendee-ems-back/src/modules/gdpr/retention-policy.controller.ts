import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { RetentionPolicyDto } from './gdpr.dto.js';
import { GdprService } from './gdpr.service.js';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('gdpr/retention-policy')
export class RetentionPolicyController {
  constructor(@Inject(GdprService) private readonly gdpr: GdprService) {}

  @Get()
  @RequirePermissions('attendees.erase')
  @ApiOkResponse({ type: RetentionPolicyDto })
  get(@CurrentAuth() auth: AuthContext) {
    return this.gdpr.retentionPolicy(auth);
  }

  @Put()
  @RequirePermissions('attendees.erase')
  @ApiOkResponse({ type: RetentionPolicyDto, description: 'Applied by the nightly retention job (03:23 UTC), audited' })
  set(@CurrentAuth() auth: AuthContext, @Body() dto: RetentionPolicyDto) {
    return this.gdpr.setRetentionPolicy(auth, dto);
  }
}
