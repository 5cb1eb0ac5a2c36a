import { useMutation } from '@tanstack/react-query';
import type { ContactsQuery } from '../hooks/contact-filters';
import { downloadFile } from './download-file';

export const CONTACT_EXPORT_COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'labels', 'eventsCount', 'attendedCount', 'lastEventAt', 'createdAt'] as const;
export type ContactExportColumn = (typeof CONTACT_EXPORT_COLUMNS)[number];
/** A custom field's column, as the API names it. */
export const CUSTOM_FIELD_COLUMN = 'custom.';

/** The standard columns, then one per custom field key (a key holding a comma cannot name a column of the list the API reads). */
export const exportColumns = (customKeys: readonly string[]): string[] => [
  ...CONTACT_EXPORT_COLUMNS,
  ...customKeys.filter((key) => key && !/[,\r\n\t]/.test(key)).map((key) => `${CUSTOM_FIELD_COLUMN}${key}`),
];
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportContactsInput {
  filters: Omit<ContactsQuery, 'page' | 'pageSize'>;
  columns: string[];
  format: ExportFormat;
}

/** The direct download (`GET /contacts/export`): fine for the sizes a browser holds in memory. */
export const exportContacts = ({ filters, columns, format }: ExportContactsInput) =>
  downloadFile('/api/contacts/export', { ...filters, format, columns: columns.join(',') }, `contacts.${format}`);

export const useExportContacts = () => useMutation({ mutationFn: exportContacts });
