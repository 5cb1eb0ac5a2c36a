import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { CreateSessionDto, SessionResponseDto, UpdateSessionDto } from './check-in.dto.js';
import { EventSessionsService } from './event-sessions.service.js';

@ApiTags('check-in')
@ApiBearerAuth()
@Controller('events/:eventId/sessions')
export class EventSessionsController {
  constructor(@Inject(EventSessionsService) private readonly sessions: EventSessionsService) {}

  @Get()
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: [SessionResponseDto] })
  list(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.sessions.list(auth, eventId);
  }

  @Post()
  @RequirePermissions('events.update')
  @ApiCreatedResponse({ type: SessionResponseDto })
  create(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: CreateSessionDto) {
    return this.sessions.create(auth, eventId, dto);
  }

  @Get(':sessionId')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: SessionResponseDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('sessionId') sessionId: string) {
    return this.sessions.get(auth, eventId, sessionId);
  }

  @Patch(':sessionId')
  @RequirePermissions('events.update')
  @ApiOkResponse({ type: SessionResponseDto, description: '409 CAPACITY_BELOW_OCCUPANCY' })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('sessionId') sessionId: string, @Body() dto: UpdateSessionDto) {
    return this.sessions.update(auth, eventId, sessionId, dto);
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @RequirePermissions('events.update')
  @ApiNoContentResponse()
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('sessionId') sessionId: string) {
    return this.sessions.remove(auth, eventId, sessionId);
  }
}
