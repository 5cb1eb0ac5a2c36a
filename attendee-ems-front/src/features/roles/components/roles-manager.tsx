import { Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';
import { useDeleteRole } from '../api/delete-role';
import { usePermissionDefinitions } from '../api/get-permissions';
import { useRoles, type Role } from '../api/get-roles';
import { RoleEditorModal } from './role-editor-modal';
import { RolesTable } from './roles-table';

type EditorState = { mode: 'closed' } | { mode: 'create' } | { mode: 'open'; role: Role };

export interface RolesManagerProps {
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  maxRank: number;
}

export function RolesManager({ canCreate, canUpdate, canDelete, maxRank }: RolesManagerProps) {
  const { t } = useI18n();
  const roles = useRoles();
  const definitions = usePermissionDefinitions();
  const deleteRole = useDeleteRole();
  const [editor, setEditor] = useState<EditorState>({ mode: 'closed' });
  const [pendingDelete, setPendingDelete] = useState<Role | null>(null);

  const onDelete = (role: Role) =>
    deleteRole.mutate(role.id, {
      onSuccess: () => {
        setPendingDelete(null);
        notifications.show({ color: 'teal', message: t('roles.deleted', { name: role.name }) });
      },
      onError: (error) => {
        setPendingDelete(null);
        notifications.show({ color: 'red', message: describeError(error, t) });
      },
    });

  const error = roles.error ?? definitions.error;
  const content =
    error && (!roles.data || !definitions.data) ? (
      <QueryError error={error} onRetry={() => Promise.all([roles.refetch(), definitions.refetch()])} />
    ) : !roles.data || !definitions.data ? (
      <SectionLoader />
    ) : (
      <RolesTable
        roles={roles.data}
        canUpdate={canUpdate}
        canDelete={canDelete}
        onOpen={(role) => setEditor({ mode: 'open', role })}
        onDelete={setPendingDelete}
      />
    );

  return (
    <Stack gap={0}>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.subtitle')}
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditor({ mode: 'create' })} disabled={!definitions.data}>
              {t('roles.new')}
            </Button>
          )
        }
      />
      {content}
      {definitions.data && editor.mode !== 'closed' && (
        <RoleEditorModal
          opened
          onClose={() => setEditor({ mode: 'closed' })}
          role={editor.mode === 'open' ? { ...editor.role, isSystem: editor.role.isSystem || !canUpdate } : undefined}
          definitions={definitions.data}
          maxRank={maxRank}
        />
      )}
      <ConfirmDialog
        opened={pendingDelete !== null}
        title={t('roles.deleteTitle')}
        message={t('roles.deleteMessage', { name: pendingDelete?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isDanger
        isLoading={deleteRole.isPending}
        onConfirm={() => pendingDelete && onDelete(pendingDelete)}
        onClose={() => setPendingDelete(null)}
      />
    </Stack>
  );
}
