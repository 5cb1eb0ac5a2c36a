import { Badge, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { hasTranslation, useI18n } from '@/lib/i18n/i18n';
import type { PermissionScope } from '@/lib/api/types';
import type { PermissionDefinition } from '../api/get-permissions';

/** Granted permissions by key; a key that is absent is not granted. */
export type PermissionSelection = Record<string, PermissionScope>;

export const SCOPES: readonly PermissionScope[] = ['org', 'assigned', 'own'];

export interface PermissionMatrixProps {
  definitions: PermissionDefinition[];
  value: PermissionSelection;
  onChange?: (value: PermissionSelection) => void;
  isReadOnly?: boolean;
}

// Administration first, then the event workflow, in the order people think about it.
const RESOURCE_ORDER = ['organizations', 'users', 'invitations', 'roles', 'events', 'registrations', 'attendees', 'badges', 'badge_templates', 'emails', 'analytics', 'audit'];
const ACTION_ORDER = ['read', 'create', 'update', 'delete'];

const rankOf = (order: string[], value: string) => {
  const index = order.indexOf(value);
  return index === -1 ? order.length : index;
};

export function groupByResource(definitions: PermissionDefinition[]): [string, PermissionDefinition[]][] {
  const groups = new Map<string, PermissionDefinition[]>();
  for (const definition of definitions) {
    const list = groups.get(definition.resource) ?? [];
    list.push(definition);
    groups.set(definition.resource, list);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => rankOf(ACTION_ORDER, a.action) - rankOf(ACTION_ORDER, b.action) || a.action.localeCompare(b.action));
  }
  return [...groups.entries()].sort(
    ([a], [b]) => rankOf(RESOURCE_ORDER, a) - rankOf(RESOURCE_ORDER, b) || a.localeCompare(b),
  );
}

export function PermissionMatrix({ definitions, value, onChange, isReadOnly = false }: PermissionMatrixProps) {
  const { t } = useI18n();
  const resourceLabel = (resource: string) => {
    const key = `permissions.resource.${resource}`;
    return hasTranslation(key) ? t(key) : resource;
  };
  const actionLabel = (definition: PermissionDefinition) => {
    const key = `permissions.action.${definition.action}`;
    return hasTranslation(key) ? t(key) : definition.action;
  };

  const toggle = (key: string, checked: boolean) => {
    const next = { ...value };
    if (checked) next[key] = value[key] ?? 'org';
    else delete next[key];
    onChange?.(next);
  };
  const setScope = (key: string, scope: PermissionScope) => onChange?.({ ...value, [key]: scope });
  const toggleGroup = (items: PermissionDefinition[], checked: boolean) => {
    const next = { ...value };
    for (const item of items) {
      if (checked) next[item.key] = value[item.key] ?? 'org';
      else delete next[item.key];
    }
    onChange?.(next);
  };

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
      {groupByResource(definitions).map(([resource, items]) => {
        const grantedCount = items.filter((item) => value[item.key]).length;
        const groupId = `perm-group-${resource}`;
        return (
          <Paper key={resource} withBorder p="md" radius="md" role="group" aria-labelledby={groupId}>
            <Group justify="space-between" mb="sm" wrap="nowrap">
              <Title order={4} fz="sm" id={groupId}>
                {resourceLabel(resource)}
              </Title>
              {isReadOnly ? (
                <Badge variant="light" color={grantedCount ? 'indigo' : 'gray'} tt="none">
                  {grantedCount}/{items.length}
                </Badge>
              ) : (
                <Checkbox
                  size="xs"
                  label={t('roles.matrix.all')}
                  aria-label={t('roles.matrix.allFor', { resource: resourceLabel(resource) })}
                  checked={grantedCount === items.length}
                  indeterminate={grantedCount > 0 && grantedCount < items.length}
                  onChange={(event) => toggleGroup(items, event.currentTarget.checked)}
                />
              )}
            </Group>
            <Stack gap={6}>
              {items.map((item) => {
                const scope = value[item.key];
                const label = actionLabel(item);
                return (
                  <Group key={item.key} justify="space-between" wrap="nowrap" gap="xs" mih={30}>
                    <Checkbox
                      label={label}
                      title={item.description}
                      checked={scope !== undefined}
                      disabled={isReadOnly}
                      onChange={(event) => toggle(item.key, event.currentTarget.checked)}
                      data-permission={item.key}
                    />
                    {scope &&
                      (isReadOnly ? (
                        <Text size="xs" c="dimmed">
                          {t(`roles.scope.${scope}`)}
                        </Text>
                      ) : (
                        <NativeSelect
                          size="xs"
                          w={150}
                          aria-label={t('roles.matrix.scopeFor', { permission: `${resourceLabel(resource)} – ${label}` })}
                          value={scope}
                          onChange={(event) => setScope(item.key, event.currentTarget.value as PermissionScope)}
                          data={SCOPES.map((option) => ({ value: option, label: t(`roles.scope.${option}`) }))}
                        />
                      ))}
                  </Group>
                );
              })}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
