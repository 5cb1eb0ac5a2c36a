import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { PermissionDto } from './rbac.dto.js';
import { RolesService } from './roles.service.js';

@ApiTags('roles')
@ApiBearerAuth()
@Controller('permissions')
export class PermissionsController {
  constructor(@Inject(RolesService) private readonly roles: RolesService) {}

  @Get()
  @RequirePermissions('roles.read')
  @ApiOkResponse({ type: [PermissionDto], description: 'The permission registry' })
  list(@CurrentAuth() auth: AuthContext): Promise<PermissionDto[]> {
    return this.roles.listPermissions(auth);
  }
}
