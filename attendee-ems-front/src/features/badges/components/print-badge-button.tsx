import { Anchor, Button, Modal, Progress, Stack, Text, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { fetchBadge, fetchBadges, type BadgeFile, type BadgeJobProgress, type SheetLayout } from '../api/print-badges';
import { printPdf } from '../hooks/print-pdf';

/** Opens the print dialog on the PDF and keeps a download link in a notification (the fallback). */
export function usePrintFile() {
  const { t } = useI18n();
  return (file: BadgeFile) => {
    const url = printPdf(file.blob);
    notifications.show({
      color: 'green',
      autoClose: 15_000,
      message: (
        <Text size="sm">
          {t('badges.print.ready')}{' '}
          <Anchor href={url} download={file.filename} data-testid="badge-download">
            {t('badges.print.download')}
          </Anchor>
        </Text>
      ),
    });
  };
}

function useFail() {
  const { t } = useI18n();
  return (cause: unknown) => {
    if (cause instanceof ApiError && cause.isAlreadyReported) return;
    const message = cause instanceof ApiError && cause.code === 'NO_BADGE_TEMPLATE' ? t('badges.print.noTemplate') : describeError(cause, t);
    notifications.show({ color: 'red', message });
  };
}

/** "Print badge" for one registration: drawn in the request, then the print dialog. */
export function PrintBadgeButton({ eventId, registrationId, ...buttonProps }: { eventId: string; registrationId: string } & ButtonProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const printFile = usePrintFile();
  const fail = useFail();
  const [isBusy, setIsBusy] = useState(false);
  async function onClick() {
    setIsBusy(true);
    try {
      printFile(await fetchBadge(eventId, registrationId));
      void queryClient.invalidateQueries({ queryKey: ['events', eventId, 'badge-prints'] });
    } catch (cause) {
      fail(cause);
    } finally {
      setIsBusy(false);
    }
  }
  return (
    <Button size="xs" variant="default" leftSection={<IconPrinter size={14} />} loading={isBusy} onClick={() => void onClick()} {...buttonProps}>
      {t('badges.print.one')}
    </Button>
  );
}

/** Runs a bulk badge job (202 + progress, then the PDF) and shows its progress. */
export function useBulkPrint(eventId: string) {
  const queryClient = useQueryClient();
  const printFile = usePrintFile();
  const fail = useFail();
  const [progress, setProgress] = useState<BadgeJobProgress | null>(null);
  async function run(options: { registrationIds?: string[]; layout?: SheetLayout }) {
    setProgress({ progress: 0, total: options.registrationIds?.length ?? 0 });
    try {
      printFile(await fetchBadges(eventId, { ...options, onProgress: setProgress }));
      void queryClient.invalidateQueries({ queryKey: ['events', eventId, 'badge-prints'] });
    } catch (cause) {
      fail(cause);
    } finally {
      setProgress(null);
    }
  }
  return { run, progress, isRunning: progress !== null };
}

export function BulkProgress({ progress }: { progress: BadgeJobProgress }) {
  const { t } = useI18n();
  const label = progress.total ? t('badges.print.progress', { done: progress.progress, total: progress.total }) : t('badges.print.preparing');
  return (
    <Stack gap={4} role="status" data-testid="badge-progress">
      <Text size="sm">{label}</Text>
      <Progress value={progress.total ? (progress.progress / progress.total) * 100 : 5} animated aria-label={label} />
    </Stack>
  );
}

/** "Print badges" for a selection of registrations (the registrations table's bulk bar). */
export function PrintBadgesButton({ eventId, registrationIds }: { eventId: string; registrationIds: string[] }) {
  const { t } = useI18n();
  const bulk = useBulkPrint(eventId);
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconPrinter size={14} />} loading={bulk.isRunning} onClick={() => void bulk.run({ registrationIds })}>
        {t('badges.print.selection', { count: registrationIds.length })}
      </Button>
      <Modal opened={bulk.progress !== null} onClose={() => undefined} withCloseButton={false} title={t('badges.print.selectionTitle')} centered>
        {bulk.progress && <BulkProgress progress={bulk.progress} />}
      </Modal>
    </>
  );
}
