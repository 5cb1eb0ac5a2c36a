import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import {
  AssignmentResponseDto,
  AssignmentsDto,
  CreateEventDto,
  EventAttendeeTypeResponseDto,
  EventAttendeeTypesDto,
  EventListResponseDto,
  EventResponseDto,
  EventTagsResponseDto,
  FormDefinitionDto,
  ListEventsQueryDto,
  TransitionDto,
  UpdateEventDto,
} from './events.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(@Inject(EventsService) private readonly events: EventsService) {}

  @Get()
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: EventListResponseDto })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListEventsQueryDto) {
    return this.events.list(auth, query);
  }

  // Declared before `:id` so that "tags" is not read as an event id.
  @Get('tags')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: EventTagsResponseDto, description: 'The tags in use on the events the caller may see (for the tag filter)' })
  tags(@CurrentAuth() auth: AuthContext) {
    return this.events.tags(auth);
  }

  @Post()
  @RequirePermissions('events.create')
  @ApiCreatedResponse({ type: EventResponseDto })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateEventDto) {
    return this.events.create(auth, dto);
  }

  @Get(':id')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: EventResponseDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.get(auth, id);
  }

  @Patch(':id')
  @RequirePermissions('events.update')
  @ApiOkResponse({ type: EventResponseDto })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateEventDto) {
    return this.events.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('events.delete')
  @ApiNoContentResponse({ description: 'Soft-deleted; restore with POST /events/:id/restore' })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.remove(auth, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequirePermissions('events.delete')
  @ApiOkResponse({ type: EventResponseDto })
  restore(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.restore(auth, id);
  }

  @Post(':id/duplicate')
  @RequirePermissions('events.create')
  @ApiCreatedResponse({ type: EventResponseDto, description: 'A draft copy: settings, form, attendee types and tags; no people' })
  duplicate(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.duplicate(auth, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'draft or postponed → published (the event carries its publicToken); 409 INVALID_TRANSITION from any other status' })
  publish(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'publish', dto.reason);
  }

  @Post(':id/close-registration')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'published → registration_closed; 409 INVALID_TRANSITION from any other status' })
  closeRegistration(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'close-registration', dto.reason);
  }

  @Post(':id/reopen-registration')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'registration_closed → published; 409 INVALID_TRANSITION from any other status' })
  reopenRegistration(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'reopen-registration', dto.reason);
  }

  @Post(':id/postpone')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'published or registration_closed → postponed; 409 INVALID_TRANSITION from any other status' })
  postpone(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'postpone', dto.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'any but archived → cancelled; 409 INVALID_TRANSITION from any other status' })
  cancel(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'cancel', dto.reason);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @RequirePermissions('events.publish')
  @ApiOkResponse({ type: EventResponseDto, description: 'any → archived; 409 INVALID_TRANSITION from any other status' })
  archive(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: TransitionDto) {
    return this.events.transition(auth, id, 'archive', dto.reason);
  }

  @Get(':id/form')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: FormDefinitionDto })
  getForm(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.getForm(auth, id);
  }

  @Put(':id/form')
  @RequirePermissions('events.update')
  @ApiBody({ type: FormDefinitionDto })
  @ApiOkResponse({ type: FormDefinitionDto, description: '400 INVALID_FORM_DEFINITION lists every problem' })
  saveForm(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: FormDefinitionDto) {
    return this.events.saveForm(auth, id, dto.definition);
  }

  @Get(':id/assignments')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: [AssignmentResponseDto] })
  listAssignments(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.listAssignments(auth, id);
  }

  @Put(':id/assignments')
  @RequirePermissions('events.assign')
  @ApiOkResponse({ type: [AssignmentResponseDto] })
  replaceAssignments(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: AssignmentsDto) {
    return this.events.replaceAssignments(auth, id, dto.userIds);
  }

  @Get(':id/attendee-types')
  @RequirePermissions('events.read')
  @ApiOkResponse({ type: [EventAttendeeTypeResponseDto] })
  listAttendeeTypes(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.events.listAttendeeTypes(auth, id);
  }

  @Put(':id/attendee-types')
  @RequirePermissions('events.update')
  @ApiOkResponse({ type: [EventAttendeeTypeResponseDto] })
  setAttendeeTypes(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: EventAttendeeTypesDto) {
    return this.events.setAttendeeTypes(auth, id, dto);
  }
}
