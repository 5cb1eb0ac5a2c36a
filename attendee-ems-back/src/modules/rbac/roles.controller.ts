import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { CreateRoleDto, RoleDto, UpdateRoleDto } from './rbac.dto.js';
import { RolesService } from './roles.service.js';

@ApiTags('roles')
@ApiBearerAuth()
@Controller('roles')
export class RolesController {
  constructor(@Inject(RolesService) private readonly roles: RolesService) {}

  @Get()
  @RequirePermissions('roles.read')
  @ApiOkResponse({ type: [RoleDto], description: 'System roles and the organisation’s custom roles, strongest first' })
  list(@CurrentAuth() auth: AuthContext): Promise<RoleDto[]> {
    return this.roles.list(auth);
  }

  @Get(':id')
  @RequirePermissions('roles.read')
  @ApiOkResponse({ type: RoleDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<RoleDto> {
    return this.roles.get(auth, id);
  }

  @Post()
  @RequirePermissions('roles.create')
  @ApiCreatedResponse({ type: RoleDto })
  @ApiForbiddenResponse({ description: 'INSUFFICIENT_RANK (rank not below yours) or FORBIDDEN (a permission you do not hold)' })
  @ApiConflictResponse({ description: 'ROLE_NAME_TAKEN' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(auth, dto);
  }

  @Patch(':id')
  @RequirePermissions('roles.update')
  @ApiOkResponse({ type: RoleDto })
  @ApiForbiddenResponse({ description: 'SYSTEM_ROLE_READ_ONLY, INSUFFICIENT_RANK or FORBIDDEN' })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('roles.delete')
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'ROLE_IN_USE' })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<void> {
    return this.roles.remove(auth, id);
  }
}
