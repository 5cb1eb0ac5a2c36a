import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { BulkOperationsRepository } from './bulk-operations.repository.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { EmailLogService } from './email-log.service.js';
import { EmailTemplatesService } from './email-templates.service.js';
import { PersonalPageService } from './personal-page.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';
import { PublicRegistrationController } from './public-registration.controller.js';
import { PublicRegistrationService } from './public-registration.service.js';
import { RegistrationListFiltersService } from './registration-list-filters.service.js';
import { RegistrationHistoryRepository } from './registration-history.repository.js';
import { RegistrationHistoryService } from './registration-history.service.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';

@Module({
  imports: [EventsModule],
  controllers: [RegistrationsController, PublicRegistrationController],
  providers: [BulkOperationsRepository, BulkOperationsService, RegistrationListFiltersService, EmailLogService, EmailTemplatesService, RegistrationsService, RegistrationsRepository, PublicRegistrationService, PersonalPageService, PublicRateLimitGuard, RegistrationHistoryRepository, RegistrationHistoryService],
  exports: [RegistrationsService, PublicRegistrationService],
})
export class RegistrationsModule {}
