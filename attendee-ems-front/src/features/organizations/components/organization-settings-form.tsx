import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Card, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { fieldError } from '@/lib/forms/field-error';
import { requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { isLocale, LOCALES, useI18n } from '@/lib/i18n/i18n';
import { useCurrentOrganization, type Organization } from '../api/get-current-organization';
import { useUpdateCurrentOrganization } from '../api/update-current-organization';

const schema = z.object({
  name: requiredText(200),
  timezone: z.string().min(1, 'validation.required'),
  locale: z.enum(['fr', 'en'], 'validation.required'),
});
type Values = z.infer<typeof schema>;

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function OrganizationSettings({ canUpdate }: { canUpdate: boolean }) {
  const { data, error, refetch } = useCurrentOrganization();
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  return <OrganizationSettingsForm organization={data} canUpdate={canUpdate} />;
}

function OrganizationSettingsForm({ organization, canUpdate }: { organization: Organization; canUpdate: boolean }) {
  const { t } = useI18n();
  const update = useUpdateCurrentOrganization();
  const [formError, setFormError] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(organization.timezone), [organization.timezone]);
  const { register, control, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: organization.name, timezone: organization.timezone, locale: isLocale(organization.locale) ? organization.locale : 'fr' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync(values);
      reset({ name: saved.name, timezone: saved.timezone, locale: isLocale(saved.locale) ? saved.locale : 'fr' });
      notifications.show({ color: 'teal', message: t('settings.saved') });
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: ['name', 'timezone', 'locale'] }, t));
    }
  });

  return (
    <Card withBorder radius="md" padding="lg" maw={760}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('settings.name')}
              required
              readOnly={!canUpdate}
              error={fieldError(t, formState.errors.name)}
              {...register('name')}
            />
            <TextInput label={t('settings.slug')} value={organization.slug} readOnly disabled description={t('settings.slugHelp')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Controller
              control={control}
              name="timezone"
              render={({ field }) => (
                <Select
                  label={t('settings.timezone')}
                  description={t('settings.timezoneHelp')}
                  searchable
                  required
                  readOnly={!canUpdate}
                  data={zones}
                  limit={100}
                  nothingFoundMessage={t('common.noResults')}
                  allowDeselect={false}
                  value={field.value}
                  onChange={(value) => value && field.onChange(value)}
                  onBlur={field.onBlur}
                  error={fieldError(t, formState.errors.timezone)}
                />
              )}
            />
            <Controller
              control={control}
              name="locale"
              render={({ field }) => (
                <Select
                  label={t('settings.locale')}
                  description={t('settings.localeHelp')}
                  required
                  readOnly={!canUpdate}
                  data={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
                  allowDeselect={false}
                  value={field.value}
                  onChange={(value) => value && isLocale(value) && field.onChange(value)}
                  onBlur={field.onBlur}
                  error={fieldError(t, formState.errors.locale)}
                />
              )}
            />
          </SimpleGrid>
          {canUpdate && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => reset()} disabled={!formState.isDirty}>
                {t('common.reset')}
              </Button>
              <Button type="submit" loading={formState.isSubmitting} disabled={!formState.isDirty}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
