import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { BadgeAssets } from './badge-assets.js';
import { BadgeTemplatesController } from './badge-templates.controller.js';
import { BadgeTemplatesService } from './badge-templates.service.js';
import { BadgesController } from './badges.controller.js';
import { BadgesRepository } from './badges.repository.js';
import { BadgesService } from './badges.service.js';

/** Badge templates, rules, rendering and print history. Bulk PDFs are built by BadgesWorkerModule in the worker. */
@Module({
  imports: [EventsModule],
  controllers: [BadgeTemplatesController, BadgesController],
  providers: [BadgesRepository, BadgeAssets, BadgeTemplatesService, BadgesService],
})
export class BadgesModule {}
