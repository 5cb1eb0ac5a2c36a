import { api, type ApiResponse } from '@/lib/api';

/*
 * The import endpoints as the shared import/export contract describes them. They are typed here until
 * the generated schema has them; the wizard only depends on these names.
 */
export type ImportKind = 'contacts' | 'registrations';
export type ImportStatus = 'uploaded' | 'validated' | 'running' | 'done' | 'failed' | 'cancelled';
export type DateFormat = 'auto' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'YYYY-MM-DD';
export type ImportMapping = Record<string, string | null>;

export interface ImportColumn {
  index: number;
  header: string;
  samples: string[];
}

export interface ImportOptions {
  updateExisting: boolean;
  dateFormat: DateFormat | string;
  /** Registrations: status emails to each person registered (the API's default is true). */
  sendEmails?: boolean;
}

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  errors: number;
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  eventId: string | null;
  fileName: string;
  status: ImportStatus;
  rowCount: number;
  columns: ImportColumn[];
  mapping: ImportMapping;
  options: ImportOptions;
  progress: number;
  total: number;
  counts: ImportCounts;
  error?: string | { code?: string; message?: string } | null;
  createdAt: string;
}

export interface ImportField {
  key: string;
  label: { fr: string; en: string };
  required: boolean;
  type: string;
}

export type RowOutcome = 'create' | 'update' | 'skip' | 'error';

export interface DryRunRow {
  row: number;
  outcome: RowOutcome;
  email: string | null;
  reason?: { code: string; message: string } | null;
}

export interface DryRunReport {
  counts: ImportCounts;
  rows: DryRunRow[];
  status: ImportStatus;
}

export interface ImportPreset {
  id: string;
  name: string;
  kind: ImportKind;
  mapping: ImportMapping;
}

type Result = Promise<{ data?: unknown; error?: unknown; response: Response }>;
type Loose = Record<'GET' | 'POST' | 'PUT' | 'DELETE', (path: string, init?: object) => Result>;

export const importsApi = api as unknown as Loose;

// Compile-time guard: the generated schema's answers must still fit the shapes the wizard reads.
type Fits<Generated, Local> = Generated extends Local ? true : never;
export const IMPORT_TYPES_MATCH_SCHEMA: [
  Fits<ApiResponse<'/api/imports/{id}', 'get'>, Omit<ImportJob, 'error' | 'options'>>,
  Fits<ApiResponse<'/api/imports/{id}/dry-run', 'post'>, DryRunReport>,
  Fits<ApiResponse<'/api/imports/fields', 'get'>, ImportField[]>,
] = [true, true, true];
