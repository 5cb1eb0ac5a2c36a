import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { AttendeeTypeResponseDto, CreateAttendeeTypeDto, UpdateAttendeeTypeDto } from './attendee-types.dto.js';
import { AttendeeTypesService } from './attendee-types.service.js';

@ApiTags('attendee-types')
@ApiBearerAuth()
@Controller('attendee-types')
export class AttendeeTypesController {
  constructor(@Inject(AttendeeTypesService) private readonly types: AttendeeTypesService) {}

  @Get()
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: [AttendeeTypeResponseDto] })
  list(@CurrentAuth() auth: AuthContext) {
    return this.types.list(auth);
  }

  @Post()
  @RequirePermissions('events.update')
  @ApiCreatedResponse({ type: AttendeeTypeResponseDto })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateAttendeeTypeDto) {
    return this.types.create(auth, dto);
  }

  @Patch(':id')
  @RequirePermissions('events.update')
  @ApiOkResponse({ type: AttendeeTypeResponseDto })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateAttendeeTypeDto) {
    return this.types.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('events.update')
  @ApiNoContentResponse({ description: '409 ATTENDEE_TYPE_IN_USE when an event offers it' })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.types.remove(auth, id);
  }
}
