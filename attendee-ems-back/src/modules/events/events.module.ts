import { Module } from '@nestjs/common';
import { AttendeeTypesController } from './attendee-types.controller.js';
import { AttendeeTypesService } from './attendee-types.service.js';
import { EventAccessService } from './event-access.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { SeatsService } from './seats.service.js';

@Module({
  controllers: [EventsController, AttendeeTypesController],
  providers: [EventsService, EventsRepository, EventAccessService, SeatsService, AttendeeTypesService],
  exports: [EventAccessService, SeatsService, EventsRepository],
})
export class EventsModule {}
