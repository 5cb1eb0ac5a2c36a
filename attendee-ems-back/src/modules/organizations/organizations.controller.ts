import { Body, Controller, Get, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { CreatedOrganizationDto, CreateOrganizationDto, ListOrganizationsQueryDto, OrganizationDto, OrganizationPageDto, UpdateOrganizationDto } from './organizations.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(@Inject(OrganizationsService) private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedOrganizationDto, description: 'The organisation and its first ADMIN (a new account), in one transaction' })
  @ApiForbiddenResponse({ description: 'Platform administrators (SUPER_ADMIN) only' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN or SLUG_TAKEN' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateOrganizationDto): Promise<CreatedOrganizationDto> {
    return this.organizations.create(auth, dto);
  }

  @Get()
  @ApiOkResponse({ type: OrganizationPageDto, description: 'Every organisation for a platform administrator; otherwise the ones you are a member of' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    return this.organizations.list(auth, query);
  }

  @Get('current')
  @RequirePermissions('organizations.read')
  @ApiOkResponse({ type: OrganizationDto })
  current(@CurrentAuth() auth: AuthContext): Promise<OrganizationDto> {
    return this.organizations.current(auth);
  }

  @Patch('current')
  @RequirePermissions('organizations.update')
  @ApiOkResponse({ type: OrganizationDto })
  updateCurrent(@CurrentAuth() auth: AuthContext, @Body() dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.updateCurrent(auth, dto);
  }
}
