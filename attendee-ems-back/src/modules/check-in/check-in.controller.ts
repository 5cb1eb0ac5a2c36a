import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import {
  ChangesQueryDto,
  ChangesResponseDto,
  CheckInDto,
  CheckInResponseDto,
  CheckInStatsDto,
  CredentialResponseDto,
  ScanLogQueryDto,
  ScanLogResponseDto,
  SearchQueryDto,
  SearchResultDto,
  SnapshotResponseDto,
  SyncCheckInsDto,
  SyncResponseDto,
  UndoResponseDto,
} from './check-in.dto.js';
import { CheckInSyncService } from './check-in-sync.service.js';
import { CheckInService } from './check-in.service.js';

@ApiTags('check-in')
@ApiBearerAuth()
@Controller('events/:eventId')
export class CheckInController {
  constructor(
    @Inject(CheckInService) private readonly checkIn: CheckInService,
    @Inject(CheckInSyncService) private readonly offline: CheckInSyncService,
  ) {}

  @Post('check-ins')
  @HttpCode(200)
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: CheckInResponseDto, description: 'Every outcome is a 200 with a `result`; a repeated scanId replays the first answer' })
  scan(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: CheckInDto) {
    return this.checkIn.scan(auth, eventId, dto);
  }

  @Post('check-ins/sync')
  @HttpCode(200)
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: SyncResponseDto, description: '413 SYNC_BATCH_TOO_LARGE over 5,000 scans' })
  sync(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Body() dto: SyncCheckInsDto) {
    return this.offline.sync(auth, eventId, dto);
  }

  @Post('check-ins/:scanId/undo')
  @HttpCode(200)
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: UndoResponseDto, description: '404 SCAN_NOT_FOUND, 409 SCAN_NOT_UNDOABLE' })
  undo(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('scanId') scanId: string) {
    return this.checkIn.undo(auth, eventId, scanId.toLowerCase());
  }

  @Get('check-in/search')
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: [SearchResultDto] })
  search(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: SearchQueryDto) {
    return this.checkIn.search(auth, eventId, query.q ?? '', query.limit);
  }

  @Get('check-in/scans')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: ScanLogResponseDto })
  scans(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: ScanLogQueryDto) {
    return this.checkIn.scanLog(auth, eventId, query);
  }

  @Get('check-in/snapshot')
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: SnapshotResponseDto })
  snapshot(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.offline.snapshot(auth, eventId);
  }

  @Get('check-in/changes')
  @RequirePermissions('registrations.checkin')
  @ApiOkResponse({ type: ChangesResponseDto, description: 'Rows changed after `since` (the snapshot cursor); also how a dashboard catches up after a socket reconnect' })
  changes(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: ChangesQueryDto) {
    return this.offline.changes(auth, eventId, query.since ?? '0', query.limit);
  }

  @Get('check-in/stats')
  @RequirePermissions('registrations.read')
  @ApiOkResponse({ type: CheckInStatsDto })
  stats(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string) {
    return this.checkIn.stats(auth, eventId);
  }

  @Post('registrations/:registrationId/credential/reissue')
  @HttpCode(200)
  @RequirePermissions('registrations.update')
  @ApiOkResponse({ type: CredentialResponseDto, description: 'A new QR credential; the old one answers REVOKED' })
  reissue(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.checkIn.reissueCredential(auth, eventId, registrationId);
  }

  @Post('registrations/:registrationId/credential/revoke')
  @HttpCode(200)
  @RequirePermissions('registrations.update')
  @ApiOkResponse({ type: CredentialResponseDto, description: 'The current credential answers REVOKED until a reissue' })
  revoke(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @UuidParam('registrationId') registrationId: string) {
    return this.checkIn.revokeCredential(auth, eventId, registrationId);
  }
}
