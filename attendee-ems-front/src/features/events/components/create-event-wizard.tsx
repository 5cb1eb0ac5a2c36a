import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Card, Divider, Group, List, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormError } from '@/components/form-error';
import { browserTimeZone, formatEventRange, zonedLocalToIso } from '@/lib/dates/zoned-time';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateEvent } from '../api/create-event';
import type { EventDetail } from '../api/get-event';
import { BASICS_FIELDS, emptyEventForm, eventFormSchema, EVENT_SERVER_FIELDS, formToEventBody, REGISTRATION_FIELDS, type EventFormValues } from '../hooks/event-form';
import { EventBasicsFields, EventEmailFields, EventRegistrationFields } from './event-fields';

/** Three short steps rather than a wall of fields: basics, capacity and registration, review. */
export function CreateEventWizard({ onCreated, onCancel }: { onCreated: (event: EventDetail) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateEvent();
  const { register, control, handleSubmit, trigger, watch, setError, getValues, formState } = useForm<EventFormValues>({
    resolver: zodResolver(eventFormSchema),
    defaultValues: emptyEventForm(browserTimeZone()),
    mode: 'onTouched',
  });
  const locationType = watch('locationType');

  async function next() {
    const fields = step === 0 ? BASICS_FIELDS : REGISTRATION_FIELDS;
    if (await trigger([...fields], { shouldFocus: true })) setStep((current) => current + 1);
  }

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        onCreated(await create.mutateAsync(formToEventBody(values)));
      } catch (error) {
        setFormError(applyServerErrors(error, setError, { fields: EVENT_SERVER_FIELDS }, t));
        const failed = error instanceof Error && 'fieldErrors' in error ? (error as { fieldErrors: { field: string }[] }).fieldErrors : [];
        if (failed.some((item) => (BASICS_FIELDS as readonly string[]).includes(item.field))) setStep(0);
        else if (failed.some((item) => (REGISTRATION_FIELDS as readonly string[]).includes(item.field))) setStep(1);
      }
    },
    (errors) => setStep(Object.keys(errors).some((field) => (BASICS_FIELDS as readonly string[]).includes(field)) ? 0 : 1),
  );

  const values = getValues();
  const preview = (() => {
    try {
      return values.startAt && values.endAt ? formatEventRange(zonedLocalToIso(values.startAt, values.timezone), zonedLocalToIso(values.endAt, values.timezone), values.timezone, locale) : '';
    } catch {
      return '';
    }
  })();

  return (
    <Card withBorder radius="md" padding="lg" maw={860}>
      <form onSubmit={onSubmit} noValidate>
        <Stepper active={step} onStepClick={(index) => index < step && setStep(index)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t('events.create.step1')} description={t('events.create.step1Hint')}>
            <EventBasicsFields control={control} register={register} errors={formState.errors} locationType={locationType} />
          </Stepper.Step>
          <Stepper.Step label={t('events.create.step2')} description={t('events.create.step2Hint')}>
            <Stack gap="md">
              <EventRegistrationFields control={control} register={register} errors={formState.errors} />
              <Divider />
              <Title order={3} fz="sm">
                {t('events.form.emailsTitle')}
              </Title>
              <EventEmailFields control={control} errors={formState.errors} />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('events.create.step3')} description={t('events.create.step3Hint')}>
            <Stack gap="xs" data-testid="event-review">
              <Text fw={600} fz="lg">
                {values.name}
              </Text>
              <Text size="sm">
                {preview} ({values.timezone})
              </Text>
              <List size="sm" spacing={4}>
                <List.Item>
                  {values.capacity === '' ? t('events.review.unlimited') : t('events.review.capacity', { count: values.capacity })}
                </List.Item>
                <List.Item>{values.requiresApproval ? t('events.review.approval') : t('events.review.autoApprove')}</List.Item>
                <List.Item>{values.waitlist ? t('events.review.waitlist') : t('events.review.noWaitlist')}</List.Item>
                {(values.locationName || values.address) && <List.Item>{[values.locationName, values.address].filter(Boolean).join(', ')}</List.Item>}
                {values.eventType.trim() && <List.Item>{t('events.review.type', { type: values.eventType.trim() })}</List.Item>}
                {values.tags.length > 0 && <List.Item>{t('events.review.tags', { tags: values.tags.join(', ') })}</List.Item>}
                {values.descriptionMd.trim() && <List.Item>{t('events.review.description', { count: values.descriptionMd.trim().length })}</List.Item>}
                <List.Item>{values.reminderHoursBefore === '' ? t('events.review.noReminder') : t('events.review.reminder', { hours: values.reminderHoursBefore })}</List.Item>
              </List>
              <Text size="sm" c="dimmed">
                {t('events.review.draftHint')}
              </Text>
            </Stack>
          </Stepper.Step>
        </Stepper>
        <FormError message={formError} />
        <Group justify="space-between" mt="xl">
          <Button variant="default" onClick={step === 0 ? onCancel : () => setStep(step - 1)}>
            {step === 0 ? t('common.cancel') : t('events.create.back')}
          </Button>
          {step < 2 ? (
            // Distinct keys: reusing one <button> whose type flips to "submit" would submit the form on this very click.
            <Button key="next" onClick={next}>
              {t('events.create.next')}
            </Button>
          ) : (
            <Button key="submit" type="submit" loading={create.isPending}>
              {t('events.create.submit')}
            </Button>
          )}
        </Group>
      </form>
    </Card>
  );
}
