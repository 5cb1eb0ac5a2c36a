import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { EventsModule } from '../events/events.module.js';
import { ExportSources } from './export-sources.js';
import { ExportsController } from './exports.controller.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportsService } from './exports.service.js';

@Module({
  imports: [EventsModule, ContactsModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportsRepository, ExportSources],
})
export class ExportsModule {}
