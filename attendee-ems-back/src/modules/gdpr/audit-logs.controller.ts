import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { AuditLogListDto, ListAuditLogsQueryDto } from './audit-logs.dto.js';
import { AuditLogsService } from './audit-logs.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditLogsController {
  constructor(@Inject(AuditLogsService) private readonly auditLogs: AuditLogsService) {}

  @Get()
  @RequirePermissions('audit.read')
  @ApiOkResponse({ type: AuditLogListDto, description: 'Newest first' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListAuditLogsQueryDto) {
    return this.auditLogs.list(auth, query);
  }
}
