import { Checkbox, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { Controller, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { timeZones } from '@/lib/dates/zoned-time';
import { fieldError } from '@/lib/forms/field-error';
import { useI18n } from '@/lib/i18n/i18n';
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
