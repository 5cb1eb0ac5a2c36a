import { Controller, Delete, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { DeleteContactQueryDto, DeleteContactResultDto, EraseResultDto, GdprExportQueryDto } from './gdpr.dto.js';
import { GdprService } from './gdpr.service.js';

@ApiTags('gdpr')
@ApiBearerAuth()
@Controller('contacts/:id')
export class GdprController {
  constructor(@Inject(GdprService) private readonly gdpr: GdprService) {}

  @Get('gdpr-export')
  @RequirePermissions('attendees.export')
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description:
      'Everything stored about the person: profile, revisions, notes, registrations (snapshots, answers, consent), emails, scans, audit entries. format=html: the same as a plain, printable document',
    schema: { type: 'object', additionalProperties: true },
  })
  async export(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Query() query: GdprExportQueryDto, @Res() res: Response) {
    if (query.format !== 'html') {
      res.status(200).json(await this.gdpr.export(auth, id));
      return;
    }
    const html = await this.gdpr.exportHtml(auth, id);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="personal-data-${id.slice(0, 8)}.html"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.status(200).send(html);
  }

  @Delete()
  @RequirePermissions('attendees.delete')
  @ApiOkResponse({
    type: DeleteContactResultDto,
    description:
      'Permanent deletion. A person never registered is removed with notes and history; one with registrations is erased in place (anonymised) so event statistics survive. 409 CONTACT_HAS_REGISTRATIONS while a registration is active (awaiting, approved, waitlisted) unless force=true, which cancels those registrations (seats freed) and anonymises them',
  })
  remove(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Query() query: DeleteContactQueryDto) {
    return this.gdpr.remove(auth, id, query.force ?? false);
  }

  @Post('erase')
  @HttpCode(200)
  @RequirePermissions('attendees.erase')
  @ApiOkResponse({ type: EraseResultDto, description: 'Anonymises the person in place (counts survive), audited; 409 CONTACT_ERASED when already done' })
  erase(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.gdpr.erase(auth, id);
  }
}
