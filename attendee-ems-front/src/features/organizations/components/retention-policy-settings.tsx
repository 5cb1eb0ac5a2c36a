import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Card, Group, List, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { fieldError } from '@/lib/forms/field-error';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useRetentionPolicy, type RetentionPolicy } from '../api/get-retention-policy';
import { useUpdateRetentionPolicy } from '../api/update-retention-policy';

/** The API's bounds (RetentionPolicyDto). */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;
const SUGGESTED_DAYS = 1095;

const schema = z
  .object({ enabled: z.boolean(), contactRetentionDays: z.union([z.number(), z.literal('')]) })
  .superRefine((values, context) => {
    const days = values.contactRetentionDays;
    if (values.enabled && (days === '' || !Number.isInteger(days) || days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS)) {
      context.addIssue({ code: 'custom', path: ['contactRetentionDays'], message: 'settings.retention.daysRange' });
    }
  });
type Values = z.infer<typeof schema>;

const toValues = (policy: RetentionPolicy): Values => ({ enabled: policy.contactRetentionDays !== null, contactRetentionDays: policy.contactRetentionDays ?? SUGGESTED_DAYS });

/** Personal data retention: who may erase personal data (attendees.erase) sets when contacts are anonymised automatically. */
export function RetentionPolicySettings({ canReadAudit }: { canReadAudit: boolean }) {
  const { data, error, refetch } = useRetentionPolicy();
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  return <RetentionPolicyForm policy={data} canReadAudit={canReadAudit} />;
}

function RetentionPolicyForm({ policy, canReadAudit }: { policy: RetentionPolicy; canReadAudit: boolean }) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const update = useUpdateRetentionPolicy();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const { control, handleSubmit, setError, reset, watch, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: toValues(policy) });
  const enabled = watch('enabled');
  const days = watch('contactRetentionDays');
  const current = policy.contactRetentionDays;

  async function save(contactRetentionDays: number | null) {
    setFormError(null);
    try {
      const saved = await update.mutateAsync({ contactRetentionDays });
      reset(toValues(saved));
      notifications.show({ color: 'teal', message: t(saved.contactRetentionDays === null ? 'settings.retention.disabledSaved' : 'settings.retention.saved') });
    } catch (cause) {
      setFormError(applyServerErrors(cause, setError, { fields: ['contactRetentionDays'] }, t));
    }
  }

  const onSubmit = handleSubmit((values) => {
    if (!values.enabled) return save(null);
    const next = values.contactRetentionDays as number;
    // Turning the rule on, or shortening it, anonymises people who were kept until now: asked first.
    if (current === null || next < current) {
      setPending(next);
      return;
    }
    return save(next);
  });

  const approx = typeof days === 'number' && days >= RETENTION_MIN_DAYS ? approximateDuration(days, locale, t) : null;

  return (
    <Card withBorder radius="md" padding="lg" maw={760} mt="lg" component="section" aria-labelledby={titleId} data-testid="retention-policy">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={2} fz="lg" id={titleId}>
              {t('settings.retention.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.retention.intro')}
            </Text>
          </Stack>
          <Text size="sm" fw={500} data-testid="retention-current">
            {current === null ? t('settings.retention.current.off') : t('settings.retention.current.on', { days: current.toLocaleString(locale) })}
          </Text>
          <FormError message={formError} />
          <Controller
            control={control}
            name="enabled"
            render={({ field }) => (
              <Switch
                label={t('settings.retention.enabled')}
                description={t('settings.retention.enabledHelp')}
                checked={field.value}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
                onBlur={field.onBlur}
                ref={field.ref}
              />
            )}
          />
          {enabled && (
            <Controller
              control={control}
              name="contactRetentionDays"
              render={({ field }) => (
                <NumberInput
                  label={t('settings.retention.days')}
                  description={t('settings.retention.daysHelp', { min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS.toLocaleString(locale) })}
                  required
                  min={RETENTION_MIN_DAYS}
                  max={RETENTION_MAX_DAYS}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  maw={260}
                  value={field.value}
                  onChange={(value) => field.onChange(typeof value === 'number' ? value : value === '' ? '' : Number(value))}
                  onBlur={field.onBlur}
                  ref={field.ref}
                  name={field.name}
                  error={fieldError(t, formState.errors.contactRetentionDays)}
                />
              )}
            />
          )}
          {enabled && approx && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('settings.retention.daysApprox', { value: approx })}
            </Text>
          )}

          <Stack gap={6}>
            <Title order={3} fz="md">
              {t('settings.retention.whatTitle')}
            </Title>
            <Text size="sm">
              {enabled && typeof days === 'number' && days >= RETENTION_MIN_DAYS ? t('settings.retention.when', { days: days.toLocaleString(locale) }) : t('settings.retention.whenDisabled')}
            </Text>
            <List size="sm" spacing={4}>
              <List.Item>{t('settings.retention.point.identity')}</List.Item>
              <List.Item>{t('settings.retention.point.answers')}</List.Item>
              <List.Item>{t('settings.retention.point.traces')}</List.Item>
              <List.Item>{t('settings.retention.point.kept')}</List.Item>
            </List>
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
              {t('settings.retention.irreversible')}
            </Alert>
            <Text size="sm" c="dimmed">
              {t('settings.retention.auditHint')}{' '}
              {canReadAudit && (
                <Anchor component={Link} to="/audit-log?action=contact.erased" size="sm">
                  {t('settings.retention.auditLink')}
                </Anchor>
              )}
            </Text>
          </Stack>

          <Group justify="flex-end">
            <Button variant="default" onClick={() => reset(toValues(policy))} disabled={!formState.isDirty || update.isPending}>
              {t('common.reset')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!formState.isDirty}>
              {t('settings.retention.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmDialog
        opened={pending !== null}
        title={t('settings.retention.confirmTitle')}
        message={
          pending === null
            ? ''
            : current === null
              ? t('settings.retention.confirm', { days: pending.toLocaleString(locale) })
              : t('settings.retention.confirmShorter', { from: current.toLocaleString(locale), days: pending.toLocaleString(locale) })
        }
        confirmLabel={t('settings.retention.confirmAction')}
        isDanger
        isLoading={update.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => pending !== null && void save(pending).finally(() => setPending(null))}
      />
    </Card>
  );
}

function approximateDuration(days: number, locale: string, t: ReturnType<typeof useI18n>['t']): string {
  if (days >= 365) return t('settings.retention.years', { count: (Math.round((days / 365) * 10) / 10).toLocaleString(locale) });
  return t('settings.retention.months', { count: Math.max(1, Math.round(days / 30.44)) });
}
