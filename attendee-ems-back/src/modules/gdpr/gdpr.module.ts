import { Module } from '@nestjs/common';
import { AuditLogsController } from './audit-logs.controller.js';
import { AuditLogsRepository } from './audit-logs.repository.js';
import { AuditLogsService } from './audit-logs.service.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { GdprController } from './gdpr.controller.js';
import { RetentionPolicyController } from './retention-policy.controller.js';
import { GdprRepository } from './gdpr.repository.js';
import { GdprService } from './gdpr.service.js';
import { ImportFileScanner } from './import-file-scanner.js';

@Module({
  imports: [ContactsModule],
  controllers: [GdprController, AuditLogsController, RetentionPolicyController],
  providers: [GdprService, GdprRepository, ImportFileScanner, AuditLogsService, AuditLogsRepository],
})
export class GdprModule {}
