import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { CreateExportDto, ExportCheckInsQueryDto, ExportContactsQueryDto, ExportJobDto, ExportRegistrationsQueryDto } from './exports.dto.js';
import { ExportsService, type ExportFile } from './exports.service.js';

const FILE_RESPONSE = { description: 'The file (csv or xlsx), streamed; text cells starting with = + - @ are prefixed with a quote', schema: { type: 'string', format: 'binary' } } as const;

/**
 * Direct downloads. Registered before the registrations and contacts controllers (see app.module)
 * so `…/export` is not taken for an `:id`.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(@Inject(ExportsService) private readonly exports: ExportsService) {}

  @Get('events/:eventId/registrations/export')
  @RequirePermissions('registrations.export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE_RESPONSE)
  async registrations(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: ExportRegistrationsQueryDto, @Res() res: Response) {
    await send(res, await this.exports.registrations(auth, eventId, query));
  }

  @Get('contacts/export')
  @RequirePermissions('attendees.export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE_RESPONSE)
  async contacts(@CurrentAuth() auth: AuthContext, @Query() query: ExportContactsQueryDto, @Res() res: Response) {
    await send(res, await this.exports.contactsFile(auth, query));
  }

  @Get('events/:eventId/check-ins/export')
  @RequirePermissions('registrations.export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ ...FILE_RESPONSE, description: 'The check-in log: every scan (accepted or refused) with person, direction, result, session, gate, operator, device, client and server time. ' + FILE_RESPONSE.description })
  async checkIns(@CurrentAuth() auth: AuthContext, @UuidParam('eventId') eventId: string, @Query() query: ExportCheckInsQueryDto, @Res() res: Response) {
    await send(res, await this.exports.checkIns(auth, eventId, query));
  }

  @Post('exports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ExportJobDto, description: 'Built in the background (streamed to private storage); progress on GET /exports/:id and as `job.progress` (jobId = export id, kind = export)' })
  start(@CurrentAuth() auth: AuthContext, @Body() dto: CreateExportDto) {
    return this.exports.start(auth, dto);
  }

  @Get('exports/:id')
  @ApiOkResponse({ type: ExportJobDto, description: 'Status and progress; when done, downloadUrl (signed, 5 minutes). Only the person who asked for the export sees it' })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.exports.get(auth, id);
  }
}

async function send(res: Response, file: ExportFile): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await file.write(res);
  } catch (error) {
    // Headers are gone: the only honest signal left is a cut connection.
    res.destroy(error as Error);
    throw error;
  }
}
