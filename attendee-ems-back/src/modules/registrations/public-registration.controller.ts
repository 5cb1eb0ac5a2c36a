import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PersonalPageService } from './personal-page.service.js';
import { PublicRegistrationService } from './public-registration.service.js';
import { PersonalPageDto, PublicEventDto, PublicRegistrationResultDto } from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { PublicRateLimit } from './public-rate-limit.guard.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

@ApiTags('public')
@Public()
@PublicRateLimit()
@Controller('public')
export class PublicRegistrationController {
  constructor(
    @Inject(PublicRegistrationService) private readonly publicRegistration: PublicRegistrationService,
    @Inject(PersonalPageService) private readonly personalPage: PersonalPageService,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
  ) {}

  @Get('events/:publicToken')
  @ApiOkResponse({ type: PublicEventDto, description: 'What a visitor may see: no internal ids beyond the token' })
  getEvent(@Param('publicToken') publicToken: string) {
    return this.publicRegistration.getPublicEvent(publicToken);
  }

  @Post('events/:publicToken/registrations')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried submit with the same key returns the first answer' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, description: '{firstName, lastName, email, …answers by field id, attendeeType?, locale?}' } })
  @ApiCreatedResponse({ type: PublicRegistrationResultDto })
  @ApiConflictResponse({ description: 'ALREADY_REGISTERED (with the current status), EVENT_FULL, REGISTRATION_CLOSED, IDEMPOTENCY_KEY_REUSED' })
  register(@Param('publicToken') publicToken: string, @Body() body: unknown, @Headers('idempotency-key') idempotencyKey?: string) {
    if (!isPlainObject(body)) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'The body must be a JSON object of answers.');
    return this.publicRegistration.register(publicToken, body, idempotencyKey);
  }

  @Get('registrations/:credential')
  @ApiOkResponse({ type: PersonalPageDto })
  getRegistration(@Param('credential') credential: string) {
    return this.personalPage.get(credential);
  }

  @Post('registrations/:credential/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: '{status: "cancelled"}; the seat goes to the waiting list' })
  cancel(@Param('credential') credential: string) {
    return this.registrations.cancelByCredential(credential);
  }

  @Get('registrations/:credential/qr.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOkResponse({ description: 'The QR code carrying the credential, as SVG' })
  async qr(@Param('credential') credential: string, @Res() response: Response) {
    response.send(await this.personalPage.qrSvg(credential));
  }

  @Get('registrations/:credential/calendar.ics')
  @ApiOkResponse({ description: 'The event as an iCalendar file' })
  async calendar(@Param('credential') credential: string, @Res() response: Response) {
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="event.ics"');
    response.send(await this.personalPage.calendar(credential));
  }
}
