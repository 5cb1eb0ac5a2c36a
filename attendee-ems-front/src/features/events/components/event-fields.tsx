import { Box, Checkbox, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Typography } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Controller, useWatch, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { Markdown } from '@/public/markdown';
import { timeZones } from '@/lib/dates/zoned-time';
import { fieldError } from '@/lib/forms/field-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useEventTags } from '../api/get-event-tags';
import type { EventFormValues } from '../hooks/event-form';

interface FieldsProps {
  control: Control<EventFormValues>;
  register: UseFormRegister<EventFormValues>;
  errors: FieldErrors<EventFormValues>;
  locationType?: EventFormValues['locationType'];
}

export function EventBasicsFields({ control, register, errors, locationType }: FieldsProps) {
  const { t } = useI18n();
  const zones = useMemo(() => timeZones(), []);
  return (
    <Stack gap="md">
      <TextInput label={t('events.form.name')} required {...register('name')} error={fieldError(t, errors.name)} data-autofocus />
      <EventDescriptionField control={control} register={register} errors={errors} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('events.form.eventType')} description={t('events.form.eventTypeHint')} {...register('eventType')} error={fieldError(t, errors.eventType)} />
        <EventTagsField control={control} errors={errors} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput type="datetime-local" label={t('events.form.startAt')} required {...register('startAt')} error={fieldError(t, errors.startAt)} />
        <TextInput type="datetime-local" label={t('events.form.endAt')} required {...register('endAt')} error={fieldError(t, errors.endAt)} />
      </SimpleGrid>
      <Controller
        control={control}
        name="timezone"
        render={({ field }) => (
          <Select
            label={t('events.form.timezone')}
            description={t('events.form.timezoneHint')}
            searchable
            required
            data={zones}
            value={field.value}
            onChange={(value) => field.onChange(value ?? '')}
            error={fieldError(t, errors.timezone)}
          />
        )}
      />
      <Controller
        control={control}
        name="locationType"
        render={({ field }) => (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="location-type-label">
              {t('events.form.locationType')}
            </Text>
            <SegmentedControl
              aria-labelledby="location-type-label"
              value={field.value}
              onChange={field.onChange}
              data={[
                { value: 'physical', label: t('events.location.physical') },
                { value: 'online', label: t('events.location.online') },
                { value: 'hybrid', label: t('events.location.hybrid') },
              ]}
            />
          </Stack>
        )}
      />
      {locationType !== 'online' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('events.form.locationName')} {...register('locationName')} error={fieldError(t, errors.locationName)} />
          <TextInput label={t('events.form.address')} {...register('address')} error={fieldError(t, errors.address)} />
        </SimpleGrid>
      )}
      {locationType !== 'physical' && (
        <TextInput label={t('events.form.onlineUrl')} placeholder="https://" {...register('onlineUrl')} error={fieldError(t, errors.onlineUrl)} />
      )}
    </Stack>
  );
}

export function EventRegistrationFields({ control, register, errors }: FieldsProps) {
  const { t } = useI18n();
  return (
    <Stack gap="md">
      <Controller
        control={control}
        name="capacity"
        render={({ field }) => (
          <NumberInput
            label={t('events.form.capacity')}
            description={t('events.form.capacityHint')}
            min={0}
            max={1_000_000}
            allowDecimal={false}
            value={field.value}
            onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
            error={fieldError(t, errors.capacity)}
            w={{ base: '100%', sm: 240 }}
          />
        )}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="datetime-local"
          label={t('events.form.opensAt')}
          description={t('events.form.opensAtHint')}
          {...register('registrationOpensAt')}
          error={fieldError(t, errors.registrationOpensAt)}
        />
        <TextInput
          type="datetime-local"
          label={t('events.form.closesAt')}
          description={t('events.form.closesAtHint')}
          {...register('registrationClosesAt')}
          error={fieldError(t, errors.registrationClosesAt)}
        />
      </SimpleGrid>
      <Checkbox label={t('events.form.requiresApproval')} description={t('events.form.requiresApprovalHint')} {...register('requiresApproval')} />
      <Checkbox label={t('events.form.waitlist')} description={t('events.form.waitlistHint')} {...register('waitlist')} />
      <Checkbox label={t('events.form.autoPromote')} description={t('events.form.autoPromoteHint')} {...register('autoPromote')} />
    </Stack>
  );
}

/**
 * The Markdown description with a write / preview switch; the preview is the public page's own
 * renderer, so what the organiser sees is what visitors will get.
 */
export function EventDescriptionField({ control, register, errors }: Omit<FieldsProps, 'locationType'>) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const description = useWatch({ control, name: 'descriptionMd' });
  const error = fieldError(t, errors.descriptionMd);
  // An error (from the server too) is shown where it can be fixed.
  useEffect(() => {
    if (error) setMode('write');
  }, [error]);
  return (
    <Stack gap={4}>
      <SegmentedControl
        size="xs"
        aria-label={t('events.form.descriptionMode')}
        value={mode}
        onChange={(value) => setMode(value as 'write' | 'preview')}
        data={[
          { value: 'write', label: t('events.form.descriptionWrite') },
          { value: 'preview', label: t('events.form.descriptionPreview') },
        ]}
        style={{ alignSelf: 'flex-end' }}
      />
      <Box hidden={mode !== 'write'}>
        <Textarea
          label={t('events.form.description')}
          description={t('events.form.descriptionHint')}
          autosize
          minRows={4}
          maxRows={16}
          {...register('descriptionMd')}
          error={error}
        />
      </Box>
      {mode === 'preview' && (
        <Stack gap={4}>
          <Text size="sm" fw={500} aria-hidden>
            {t('events.form.description')}
          </Text>
          <Paper withBorder p="sm" role="region" aria-label={t('events.form.descriptionPreviewLabel')} data-testid="description-preview">
            {description.trim() ? (
              <Typography>
                <Markdown source={description} />
              </Typography>
            ) : (
              <Text size="sm" c="dimmed">
                {t('events.form.descriptionEmpty')}
              </Text>
            )}
          </Paper>
        </Stack>
      )}
    </Stack>
  );
}

function EventTagsField({ control, errors }: Pick<FieldsProps, 'control' | 'errors'>) {
  const { t } = useI18n();
  const known = useEventTags();
  // The array's own error, or the first of its items'.
  const raw = errors.tags as unknown as ({ message?: string; root?: { message?: string } } & Array<{ message?: string } | undefined>) | undefined;
  const error = fieldError(t, raw?.message ? raw : (raw?.root ?? (Array.isArray(raw) ? raw.find((item) => item?.message) : undefined)));
  return (
    <Controller
      control={control}
      name="tags"
      render={({ field }) => (
        <TagsInput
          label={t('events.form.tags')}
          description={t('events.form.tagsHint')}
          data={known.data?.tags ?? []}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          maxTags={20}
          splitChars={[',']}
          clearable
          error={error}
        />
      )}
    />
  );
}

/** What the event sends by email besides the status emails: the reminder before the start. */
export function EventEmailFields({ control, errors }: Pick<FieldsProps, 'control' | 'errors'>) {
  const { t } = useI18n();
  return (
    <Controller
      control={control}
      name="reminderHoursBefore"
      render={({ field }) => (
        <NumberInput
          label={t('events.form.reminder')}
          description={t('events.form.reminderHint')}
          min={1}
          max={720}
          allowDecimal={false}
          allowNegative={false}
          suffix={` ${t('events.form.reminderSuffix')}`}
          value={field.value}
          onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
          onBlur={field.onBlur}
          error={fieldError(t, errors.reminderHoursBefore)}
          w={{ base: '100%', sm: 280 }}
        />
      )}
    />
  );
}
