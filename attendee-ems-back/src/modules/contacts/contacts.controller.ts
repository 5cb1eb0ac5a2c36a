import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import {
  AddNoteDto,
  ContactDetailDto,
  ContactListResponseDto,
  ContactNoteDto,
  ContactResponseDto,
  ContactRevisionDto,
  CreateContactDto,
  CustomFieldKeysDto,
  DuplicatesQueryDto,
  DuplicatesResponseDto,
  ListContactsQueryDto,
  MergeContactDto,
  UpdateContactDto,
} from './contacts.dto.js';
import { ContactsService } from './contacts.service.js';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(@Inject(ContactsService) private readonly contacts: ContactsService) {}

  @Get()
  @RequirePermissions('attendees.read')
  @ApiOkResponse({ type: ContactListResponseDto, description: 'Best matches first when searching (typos and accents forgiven), else by name' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListContactsQueryDto) {
    return this.contacts.list(auth, query);
  }

  // Declared before `:id` so the words are not read as an id.
  @Get('custom-field-keys')
  @RequirePermissions('attendees.read')
  @ApiOkResponse({ type: CustomFieldKeysDto, description: 'The custom field keys in use (the contacts export offers a column `custom.<key>` for each)' })
  customFieldKeys(@CurrentAuth() auth: AuthContext) {
    return this.contacts.customFieldKeys(auth);
  }

  @Get('duplicates')
  @RequirePermissions('attendees.read')
  @ApiOkResponse({
    type: DuplicatesResponseDto,
    description: 'Suggested duplicates, most likely first, paginated: the same phone, the same mailbox written differently, or similar names with the same company or email local part',
  })
  duplicates(@CurrentAuth() auth: AuthContext, @Query() query: DuplicatesQueryDto) {
    return this.contacts.duplicates(auth, query);
  }

  @Post()
  @RequirePermissions('attendees.create')
  @ApiCreatedResponse({ type: ContactResponseDto, description: '409 EMAIL_TAKEN' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateContactDto) {
    return this.contacts.create(auth, dto);
  }

  @Get(':id')
  @RequirePermissions('attendees.read')
  @ApiOkResponse({ type: ContactDetailDto, description: 'Profile, labels, notes, registrations across events and per-person statistics' })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.contacts.get(auth, id);
  }

  @Patch(':id')
  @RequirePermissions('attendees.update')
  @ApiOkResponse({ type: ContactResponseDto, description: 'Every change is recorded as a revision (who, when, source, before/after); 409 EMAIL_TAKEN' })
  update(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateContactDto) {
    return this.contacts.update(auth, id, dto);
  }

  @Get(':id/revisions')
  @RequirePermissions('attendees.read')
  @ApiOkResponse({ type: [ContactRevisionDto], description: 'Newest first' })
  revisions(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.contacts.revisions(auth, id);
  }

  @Post(':id/notes')
  @RequirePermissions('attendees.update')
  @ApiCreatedResponse({ type: ContactNoteDto })
  addNote(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: AddNoteDto) {
    return this.contacts.addNote(auth, id, dto);
  }

  @Delete(':id/notes/:noteId')
  @HttpCode(204)
  @RequirePermissions('attendees.update')
  @ApiNoContentResponse()
  removeNote(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @UuidParam('noteId') noteId: string) {
    return this.contacts.removeNote(auth, id, noteId);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @RequirePermissions('attendees.delete')
  @ApiOkResponse({ type: ContactResponseDto, description: 'Hides the contact from the default list (status=active); registrations, notes and history stay. Idempotent' })
  deactivate(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.contacts.deactivate(auth, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequirePermissions('attendees.delete')
  @ApiOkResponse({ type: ContactResponseDto, description: 'Makes a deactivated contact active again. Idempotent' })
  restore(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.contacts.restore(auth, id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermissions('attendees.update')
  @ApiOkResponse({
    type: ContactResponseDto,
    description: 'Merges otherId into this contact (registrations, notes, revisions move; the other is removed). 409 MERGE_CONFLICTING_REGISTRATIONS when both are registered to the same event',
  })
  merge(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: MergeContactDto) {
    return this.contacts.merge(auth, id, dto);
  }
}
