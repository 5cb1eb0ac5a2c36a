import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { ChangeRoleDto, ListUsersQueryDto, UserDto, UserPageDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @RequirePermissions('users.read')
  @ApiOkResponse({ type: UserPageDto, description: 'Members of the current organisation' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(auth, query);
  }

  @Get(':id')
  @RequirePermissions('users.read')
  @ApiOkResponse({ type: UserDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<UserDto> {
    return this.users.get(auth, id);
  }

  @Patch(':id/role')
  @RequirePermissions('users.update')
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ description: 'CANNOT_CHANGE_OWN_ROLE or INSUFFICIENT_RANK' })
  @ApiConflictResponse({ description: 'LAST_ADMIN' })
  changeRole(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: ChangeRoleDto): Promise<UserDto> {
    return this.users.changeRole(auth, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @RequirePermissions('users.delete')
  @ApiOkResponse({ type: UserDto, description: 'Deactivates the membership and ends the member’s sessions in this organisation' })
  @ApiForbiddenResponse({ description: 'CANNOT_DEACTIVATE_SELF or INSUFFICIENT_RANK' })
  @ApiConflictResponse({ description: 'LAST_ADMIN' })
  deactivate(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<UserDto> {
    return this.users.deactivate(auth, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @RequirePermissions('users.update')
  @ApiOkResponse({ type: UserDto })
  reactivate(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string): Promise<UserDto> {
    return this.users.reactivate(auth, id);
  }
}
