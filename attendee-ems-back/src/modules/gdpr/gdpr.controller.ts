import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { EraseResultDto } from './gdpr.dto.js';
import { GdprService } from './gdpr.service.js';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('contacts/:id')
export class GdprController {
  constructor(@Inject(GdprService) private readonly gdpr: GdprService) {}

  @Get('gdpr-export')
  @RequirePermissions('attendees.export')
  @ApiOkResponse({
    description: 'Everything stored about the person: profile, revisions, notes, registrations (snapshots, answers, consent), emails, scans, audit entries',
    schema: { type: 'object', additionalProperties: true },
  })
  export(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.gdpr.export(auth, id);
  }

  @Post('erase')
  @HttpCode(200)
  @RequirePermissions('attendees.erase')
  @ApiOkResponse({ type: EraseResultDto, description: 'Anonymises the person in place (counts survive), audited; 409 CONTACT_ERASED when already done' })
  erase(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.gdpr.erase(auth, id);
  }
}
