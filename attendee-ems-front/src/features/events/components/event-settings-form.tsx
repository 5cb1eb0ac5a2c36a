import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Card, Divider, Group, Stack, TagsInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormError } from '@/components/form-error';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import type { EventDetail } from '../api/get-event';
import { useUpdateEvent } from '../api/update-event';
import { eventFormSchema, eventToForm, EVENT_SERVER_FIELDS, formToEventBody, type EventFormValues } from '../hooks/event-form';
import { EventBasicsFields, EventEmailFields, EventRegistrationFields } from './event-fields';

export function EventSettingsForm({ event, canEdit }: { event: EventDetail; canEdit: boolean }) {
  const { t } = useI18n();
  const update = useUpdateEvent(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const [embedOrigins, setEmbedOrigins] = useState<string[]>(event.embedOrigins);
  const { register, control, handleSubmit, watch, setError, reset, formState } = useForm<EventFormValues>({
    resolver: zodResolver(eventFormSchema),
    defaultValues: eventToForm(event),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync({ ...formToEventBody(values), embedOrigins });
      reset(eventToForm(saved));
      notifications.show({ color: 'green', message: t('events.settings.saved') });
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: EVENT_SERVER_FIELDS }, t));
    }
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={onSubmit} noValidate>
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <Title order={3} fz="md">
              {t('events.create.step1')}
            </Title>
            <EventBasicsFields control={control} register={register} errors={formState.errors} locationType={watch('locationType')} />
            <Divider />
            <Title order={3} fz="md">
              {t('events.create.step2')}
            </Title>
            <EventRegistrationFields control={control} register={register} errors={formState.errors} />
            <TagsInput
              label={t('events.settings.embedOrigins')}
              description={t('events.settings.embedOriginsHint')}
              placeholder="https://www.example.com"
              value={embedOrigins}
              onChange={setEmbedOrigins}
              maxTags={20}
            />
            <Divider />
            <Title order={3} fz="md">
              {t('events.form.emailsTitle')}
            </Title>
            <EventEmailFields control={control} errors={formState.errors} />
            <FormError message={formError} />
            {canEdit && (
              <Group justify="flex-end">
                <Button type="submit" loading={update.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
}
