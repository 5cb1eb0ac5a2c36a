import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../common/auth/auth.decorators.js';
import { UuidParam } from '../../common/http/uuid-param.pipe.js';
import { DevEmailListDto } from './dev-mailbox.dto.js';
import { DevMailboxService } from './dev-mailbox.service.js';

/** The email outbox as a mailbox, for local development (not registered in production). */
@ApiTags('dev')
@ApiBearerAuth()
@Controller('dev/emails')
export class DevMailboxController {
  constructor(@Inject(DevMailboxService) private readonly mailbox: DevMailboxService) {}

  @Get()
  @RequirePermissions('emails.read')
  @ApiOkResponse({ type: DevEmailListDto, description: 'Latest emails of the current organisation and those addressed to the caller' })
  list(@CurrentAuth() auth: AuthContext): Promise<DevEmailListDto> {
    return this.mailbox.list(auth);
  }

  @Get(':id')
  @RequirePermissions('emails.read')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The email body as sent (HTML)', schema: { type: 'string' } })
  async html(@CurrentAuth() auth: AuthContext, @UuidParam('id') id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const html = await this.mailbox.html(auth, id);
    // Set only on success, so errors stay JSON. Email HTML may carry attendee-typed text: the sandbox CSP keeps any script inert.
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'");
    return html;
  }
}
