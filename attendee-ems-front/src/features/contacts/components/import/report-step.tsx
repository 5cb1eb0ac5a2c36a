import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { downloadFile } from '../../api/download-file';
import type { DryRunReport, ImportJob, RowOutcome } from '../../api/import-types';
import { useRunImport } from '../../api/run-import';
import { ImportCounts } from './import-counts';

const OUTCOME_COLORS: Record<RowOutcome, string> = { create: 'teal', update: 'blue', skip: 'gray', error: 'red' };

export function downloadImportReport(job: Pick<ImportJob, 'id' | 'fileName'>) {
  return downloadFile(`/api/imports/${job.id}/report.csv`, {}, `rapport-${job.fileName.replace(/\.[^.]+$/, '')}.csv`);
}

/** The dry run of every row, in the run report's columns (the screen lists the first 500 problems only). */
export function downloadDryRunReport(job: Pick<ImportJob, 'id' | 'fileName'>) {
  return downloadFile(`/api/imports/${job.id}/dry-run/report.csv`, {}, `verification-${job.fileName.replace(/\.[^.]+$/, '')}.csv`);
}

export function ReportStep({ job, report, onBack, onStarted }: { job: ImportJob; report: DryRunReport; onBack: () => void; onStarted: (job: ImportJob) => void }) {
  const { t } = useI18n();
  const run = useRunImport(job.id);
  const [error, setError] = useState<string | null>(null);
  const [sendEmails, setSendEmails] = useState(job.options?.sendEmails ?? true);
  const problems = report.rows.filter((row) => row.outcome === 'error' || row.outcome === 'skip');
  const problemCount = report.counts.errors + report.counts.skipped;
  const isRegistrations = job.kind === 'registrations';
  const toApply = report.counts.created + report.counts.updated;
  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
  };

  async function onRun() {
    setError(null);
    try {
      onStarted(await run.mutateAsync(isRegistrations ? { sendEmails } : {}));
    } catch (cause) {
      fail(cause);
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm" aria-live="polite" data-testid="dry-run-summary">
        {t('imports.report.summary', { created: report.counts.created, updated: report.counts.updated, skipped: report.counts.skipped, errors: report.counts.errors })}
      </Text>
      <ImportCounts counts={report.counts} future />
      {problems.length > 0 ? (
        <Table.ScrollContainer minWidth={520} mah={360}>
          <Table striped stickyHeader aria-label={t('imports.report.problems')} data-testid="import-problems">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.report.row')}</Table.Th>
                <Table.Th scope="col">{t('imports.report.outcome')}</Table.Th>
                <Table.Th scope="col">{t('contacts.field.email')}</Table.Th>
                <Table.Th scope="col">{t('imports.report.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((row) => (
                <Table.Tr key={row.row}>
                  <Table.Td>{row.row}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={OUTCOME_COLORS[row.outcome]}>
                      {t(`imports.outcome.${row.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{row.email || '—'}</Table.Td>
                  <Table.Td>{row.reason ? reasonText(row.reason, t) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Alert color="teal" variant="light">
          {t('imports.report.noProblem')}
        </Alert>
      )}
      {problemCount > problems.length && (
        <Text size="sm" c="dimmed" data-testid="import-problems-truncated">
          {t('imports.report.truncated', { shown: problems.length, total: problemCount })}
        </Text>
      )}
      <Group>
        <Button variant="subtle" leftSection={<IconDownload size={16} />} onClick={() => downloadDryRunReport(job).catch(fail)}>
          {t('imports.report.download')}
        </Button>
      </Group>
      {isRegistrations && (
        <Checkbox
          label={t('imports.options.sendEmails')}
          description={t('imports.options.sendEmailsHelp')}
          checked={sendEmails}
          onChange={(event) => setSendEmails(event.currentTarget.checked)}
        />
      )}
      <div aria-live="assertive">{error && <Alert color="red" role="alert">{error}</Alert>}</div>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.backToMapping')}
        </Button>
        <Button onClick={onRun} loading={run.isPending} disabled={toApply === 0}>
          {t('imports.run', { count: toApply })}
        </Button>
      </Group>
    </Stack>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

/** Known row problems are translated; anything else shows the API's own sentence. */
export function reasonText(reason: { code: string; message: string }, t: Translate): string {
  const key = `imports.reason.${reason.code}`;
  const text = t(key as Parameters<Translate>[0]);
  return text === key ? reason.message : text;
}
