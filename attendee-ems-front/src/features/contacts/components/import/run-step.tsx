import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconDownload, IconUsers } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useImport } from '../../api/get-import';
import type { ImportJob } from '../../api/import-types';
import { useRunImport } from '../../api/run-import';
import { ImportCounts } from './import-counts';
import { downloadImportReport } from './report-step';

/** Follows a running import (polling) and then shows what it did. */
export function RunStep({ initial, onFinished, onRestart }: { initial: ImportJob; onFinished: (job: ImportJob) => void; onRestart: () => void }) {
  const { t } = useI18n();
  const { data } = useImport(initial.id, { poll: true });
  const resume = useRunImport(initial.id);
  const job = data ?? initial;
  const [error, setError] = useState<string | null>(null);
  const isRunning = job.status === 'running';
  const total = job.total || job.rowCount;
  const percent = total ? Math.min(100, Math.round((job.progress / total) * 100)) : 0;

  useEffect(() => {
    if (!isRunning) onFinished(job);
  }, [isRunning, job, onFinished]);

  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
  };

  if (isRunning)
    return (
      <Stack gap="sm" role="status" aria-live="polite">
        <Text size="sm">{t('imports.running', { done: job.progress, total })}</Text>
        <Progress value={percent} animated size="lg" aria-label={t('imports.running', { done: job.progress, total })} />
        <Text size="xs" c="dimmed">
          {t('imports.runningHint')}
        </Text>
      </Stack>
    );

  const failed = job.status === 'failed' || job.status === 'cancelled';
  return (
    <Stack gap="md" data-testid="import-result">
      <Alert color={failed ? 'red' : job.counts.errors ? 'yellow' : 'teal'} role="status" title={failed ? t('imports.result.failed') : t('imports.result.done')}>
        {failed ? t('imports.result.failedHint') : t('imports.result.summary', { created: job.counts.created, updated: job.counts.updated, skipped: job.counts.skipped, errors: job.counts.errors })}
      </Alert>
      <ImportCounts counts={job.counts} future={false} />
      <div aria-live="assertive">{error && <Alert color="red" role="alert">{error}</Alert>}</div>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          {(job.counts.errors > 0 || job.counts.skipped > 0) && (
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => downloadImportReport(job).catch(fail)}>
              {t('imports.result.errorReport')}
            </Button>
          )}
          {failed && (
            <Button variant="default" loading={resume.isPending} onClick={() => resume.mutateAsync().catch(fail)}>
              {t('imports.result.resume')}
            </Button>
          )}
        </Group>
        <Group gap="sm">
          <Button variant="default" onClick={onRestart}>
            {t('imports.result.another')}
          </Button>
          <Button component={Link} to={job.kind === 'registrations' && job.eventId ? `/events/${job.eventId}/registrations` : '/contacts'} leftSection={<IconUsers size={16} />}>
            {job.kind === 'registrations' ? t('imports.result.seeRegistrations') : t('imports.result.seeContacts')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
