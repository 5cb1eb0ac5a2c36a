import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { CheckInSyncService } from './check-in-sync.service.js';
import { CheckInController } from './check-in.controller.js';
import { CheckInRepository } from './check-in.repository.js';
import { CheckInService } from './check-in.service.js';
import { EventSessionsController } from './event-sessions.controller.js';
import { EventSessionsService } from './event-sessions.service.js';

/** Door scanning (online and offline), the scan log, QR credentials, sessions and live check-in stats. */
@Module({
  imports: [EventsModule, RegistrationsModule],
  controllers: [CheckInController, EventSessionsController],
  providers: [CheckInService, CheckInSyncService, EventSessionsService, CheckInRepository],
  exports: [CheckInRepository],
})
export class CheckInModule {}
