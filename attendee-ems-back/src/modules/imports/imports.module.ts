import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ImportProcessor } from './import-processor.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

/** Spreadsheet imports of contacts and registrations. Runs are executed by ImportsWorkerModule in the worker. */
@Module({
  imports: [EventsModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportProcessor, ImportsService],
})
export class ImportsModule {}
