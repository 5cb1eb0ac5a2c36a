import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put, Query, Res, UploadedFile, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth } from '../../common/auth/auth.decorators.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import {
  CREATE_IMPORT_BODY_SCHEMA,
  CreateImportDto,
  CreateImportPresetDto,
  DryRunDto,
  ImportDto,
  ImportFieldDto,
  ImportKindQueryDto,
  ImportListDto,
  ImportPresetDto,
  ImportPresetsQueryDto,
  ListImportsQueryDto,
  RunImportDto,
  UpdateMappingDto,
} from './imports.dto.js';
import { ImportsService, MAX_IMPORT_BYTES, type DownloadFile, type UploadedFile as ImportFile } from './imports.service.js';

const BaseUpload = FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } });

/** Multer's own errors, in the import's words: a file past 20 MB is 413 IMPORT_TOO_LARGE. */
class ImportUploadInterceptor extends BaseUpload implements NestInterceptor {
  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      const status = (error as { getStatus?: () => number }).getStatus?.();
      if (status === 413) throw new AppException(413, ErrorCode.IMPORT_TOO_LARGE, 'The file is larger than 20 MB.');
      if (status === 400) throw AppException.badRequest(ErrorCode.IMPORT_NOT_SPREADSHEET, 'Send one spreadsheet in the multipart field "file".');
      throw error;
    }
  }
}

const FILE_RESPONSE = { schema: { type: 'string', format: 'binary' } } as const;

async function send(res: Response, file: DownloadFile): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await file.write(res);
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @Post('imports')
  @UseInterceptors(ImportUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: CREATE_IMPORT_BODY_SCHEMA })
  @ApiCreatedResponse({
    type: ImportDto,
    description: 'Stored privately, header found, rows counted, mapping guessed (FR/EN synonyms). 400 IMPORT_NOT_SPREADSHEET, IMPORT_EMPTY, IMPORT_NO_HEADER, IMPORT_TOO_MANY_ROWS; 413 IMPORT_TOO_LARGE',
  })
  upload(@CurrentAuth() auth: AuthContext, @Body() dto: CreateImportDto, @UploadedFile() file: ImportFile | undefined) {
    return this.imports.upload(auth, dto, file);
  }

  @Get('imports')
  @ApiOkResponse({ type: ImportListDto, description: 'Most recent first' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListImportsQueryDto) {
    return this.imports.list(auth, query);
  }

  // Declared before `imports/:id` so the words are not read as ids.
  @Get('imports/fields')
  @ApiOkResponse({ type: [ImportFieldDto], description: 'Target fields of a mapping: email (required), profile fields, custom.<key>; registrations add attendeeType, status and answers.<fieldId>' })
  fields(@CurrentAuth() auth: AuthContext, @Query() query: ImportKindQueryDto) {
    return this.imports.fields(auth, query.kind, query.eventId);
  }

  @Get('imports/template.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ ...FILE_RESPONSE, description: 'The headers and one example row' })
  async template(@CurrentAuth() auth: AuthContext, @Query() query: ImportKindQueryDto, @Res() res: Response) {
    await send(res, await this.imports.template(auth, query.kind));
  }

  @Get('imports/:id')
  @ApiOkResponse({ type: ImportDto })
  get(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.imports.get(auth, id);
  }

  @Put('imports/:id/mapping')
  @ApiOkResponse({ type: ImportDto, description: '400 IMPORT_MAPPING_INVALID names each field (email unmapped, unknown column, unknown field)' })
  mapping(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: UpdateMappingDto) {
    return this.imports.updateMapping(auth, id, dto);
  }

  @Post('imports/:id/dry-run')
  @HttpCode(200)
  @ApiOkResponse({ type: DryRunDto, description: 'What the run would do, row by row; writes nothing. 400 IMPORT_NO_EMAIL_COLUMN' })
  dryRun(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.imports.dryRun(auth, id);
  }

  @Get('imports/:id/dry-run/report.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ ...FILE_RESPONSE, description: 'The dry run of every row (row, outcome, email, reason, message: the columns of report.csv); writes nothing. 400 IMPORT_NO_EMAIL_COLUMN; 409 IMPORT_RUNNING' })
  async dryRunReport(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Res() res: Response) {
    await send(res, await this.imports.dryRunReport(auth, id));
  }

  @Post('imports/:id/run')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ImportDto,
    description:
      'Runs in the background in chunks of 500 rows (one transaction each); progress on GET and as `job.progress` (jobId = import id, kind = import). Registrations: each one created gets its status email unless sendEmails is false, and each chunk sends `registrations.created` to the event room. A failed or interrupted run resumes after its last chunk; a finished one runs again from the top without duplicating anyone. 409 IMPORT_RUNNING',
  })
  run(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Body() dto: RunImportDto) {
    return this.imports.run(auth, id, dto);
  }

  @Get('imports/:id/report.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ ...FILE_RESPONSE, description: 'row, outcome, email, reason, message for every row applied' })
  async report(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Res() res: Response) {
    await send(res, await this.imports.report(auth, id));
  }

  @Get('import-presets')
  @ApiOkResponse({ type: [ImportPresetDto] })
  presets(@CurrentAuth() auth: AuthContext, @Query() query: ImportPresetsQueryDto) {
    return this.imports.presets(auth, query.kind);
  }

  @Post('import-presets')
  @ApiCreatedResponse({ type: ImportPresetDto, description: '409 IMPORT_PRESET_NAME_TAKEN' })
  createPreset(@CurrentAuth() auth: AuthContext, @Body() dto: CreateImportPresetDto) {
    return this.imports.createPreset(auth, dto);
  }

  @Delete('import-presets/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  deletePreset(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.imports.deletePreset(auth, id);
  }
}
