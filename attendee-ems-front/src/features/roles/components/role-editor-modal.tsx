import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, NumberInput, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { fieldError } from '@/lib/forms/field-error';
import { requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateRole } from '../api/create-role';
import type { PermissionDefinition } from '../api/get-permissions';
import type { Role } from '../api/get-roles';
import { useUpdateRole } from '../api/update-role';
import { PermissionMatrix, type PermissionSelection } from './permission-matrix';

export interface RoleEditorModalProps {
  opened: boolean;
  onClose: () => void;
  /** undefined: create a new role. */
  role?: Role;
  definitions: PermissionDefinition[];
  /** Custom roles must rank strictly below their creator. */
  maxRank: number;
}

function toSelection(role?: Role): PermissionSelection {
  return Object.fromEntries((role?.permissions ?? []).map((grant) => [grant.key, grant.scope]));
}

export function RoleEditorModal({ opened, onClose, role, definitions, maxRank }: RoleEditorModalProps) {
  const { t } = useI18n();
  const createRole = useCreateRole();
  const updateRole = useUpdateRole();
  const [formError, setFormError] = useState<string | null>(null);
  const isReadOnly = role?.isSystem ?? false;

  const schema = z.object({
    name: requiredText(100),
    description: z.string().trim().max(500, 'validation.tooLong'),
    rank: z.number('validation.required').int().min(1, 'validation.rankRange').max(maxRank, 'validation.rankRange'),
    permissions: z.record(z.string(), z.enum(['org', 'assigned', 'own'])),
  });
  type Values = z.infer<typeof schema>;

  const { register, control, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    values: {
      name: role?.name ?? '',
      description: role?.description ?? '',
      rank: role?.rank ?? Math.min(10, maxRank),
      permissions: toSelection(role),
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const body = {
      name: values.name,
      description: values.description || undefined,
      rank: values.rank,
      permissions: Object.entries(values.permissions).map(([key, scope]) => ({ key, scope })),
    };
    try {
      if (role) await updateRole.mutateAsync({ id: role.id, ...body });
      else await createRole.mutateAsync(body);
      notifications.show({ color: 'teal', message: t(role ? 'roles.updated' : 'roles.created', { name: values.name }) });
      onClose();
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: ['name', 'description', 'rank', 'permissions'] }, t));
    }
  });

  const title = isReadOnly ? role?.name : t(role ? 'roles.editTitle' : 'roles.createTitle');

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Title order={2} fz="lg">{title}</Title>}
      size="xl"
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {isReadOnly && (
            <Alert variant="light" color="gray" icon={<IconLock size={18} />}>
              {t('roles.systemReadOnly')}
            </Alert>
          )}
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('roles.name')}
              required
              readOnly={isReadOnly}
              error={fieldError(t, formState.errors.name)}
              style={{ gridColumn: 'span 2' }}
              {...register('name')}
            />
            <Controller
              control={control}
              name="rank"
              render={({ field }) => (
                <NumberInput
                  label={t('roles.rank')}
                  description={t('roles.rankHelp', { max: maxRank })}
                  required
                  readOnly={isReadOnly}
                  min={1}
                  max={maxRank}
                  allowDecimal={false}
                  value={field.value}
                  onChange={(value) => field.onChange(typeof value === 'number' ? value : Number.NaN)}
                  onBlur={field.onBlur}
                  error={fieldError(t, formState.errors.rank)}
                />
              )}
            />
          </SimpleGrid>
          <Textarea
            label={t('roles.description')}
            autosize
            minRows={2}
            readOnly={isReadOnly}
            error={fieldError(t, formState.errors.description)}
            {...register('description')}
          />
          <div>
            <Text fw={600} size="sm" mb={4}>
              {t('roles.permissions')}
            </Text>
            <Text size="xs" c="dimmed" mb="sm">
              {t('roles.permissionsHelp')}
            </Text>
            <Controller
              control={control}
              name="permissions"
              render={({ field }) => (
                <PermissionMatrix definitions={definitions} value={field.value} onChange={field.onChange} isReadOnly={isReadOnly} />
              )}
            />
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t(isReadOnly ? 'common.close' : 'common.cancel')}
            </Button>
            {!isReadOnly && (
              <Button type="submit" loading={formState.isSubmitting}>
                {t(role ? 'common.save' : 'roles.create')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
