import { Inject, Injectable } from '@nestjs/common';
import { StorageObjectNotFoundError, StorageService } from '../../infra/storage/storage.service.js';
import { readRows, type SpreadsheetFormat } from '../imports/spreadsheet-reader.js';
import { GdprRepository } from './gdpr.repository.js';

/** Addresses found in each import file, by import id: one read per file for a whole retention run. */
export type ImportFileEmails = Map<string, Set<string>>;

/**
 * Finds the imports whose file names an address although their report does not (yet): drafts
 * never run, and runs stopped or still going. Done imports have a report row for every row of
 * their file, so the database answers for them.
 */
@Injectable()
export class ImportFileScanner {
  constructor(
    @Inject(GdprRepository) private readonly repository: GdprRepository,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {}

  async importsNaming(orgId: string, email: string, seen: ImportFileEmails = new Map()): Promise<string[]> {
    const address = email.trim().toLowerCase();
    const found: string[] = [];
    for (const record of await this.repository.unfinishedImports(orgId)) {
      let emails = seen.get(record.id);
      if (!emails) {
        emails = await this.emailsIn(record.format as SpreadsheetFormat, record.storageKey);
        seen.set(record.id, emails);
      }
      if (emails.has(address)) found.push(record.id);
    }
    return found;
  }

  /** Every cell that looks like an address, lower case; a file already gone names nobody. */
  private async emailsIn(format: SpreadsheetFormat, storageKey: string): Promise<Set<string>> {
    const emails = new Set<string>();
    try {
      for await (const { cells } of readRows(format, async () => (await this.storage.get(storageKey)).body)) {
        for (const cell of cells) {
          const value = cell.trim().toLowerCase();
          if (value.includes('@')) emails.add(value);
        }
      }
    } catch (error) {
      if (!(error instanceof StorageObjectNotFoundError)) throw error;
    }
    return emails;
  }
}
