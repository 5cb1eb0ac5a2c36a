import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type DryRunReport } from './import-types';

/** Validates every row and says what would happen; writes nothing. */
export const dryRunImport = (id: string) => unwrap(importsApi.POST(`/api/imports/${id}/dry-run`)) as Promise<DryRunReport>;

export const useDryRunImport = (id: string) => useMutation({ mutationFn: () => dryRunImport(id) });
