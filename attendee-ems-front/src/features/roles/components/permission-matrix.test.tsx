import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { PermissionDefinition } from '../api/get-permissions';
import { groupByResource, PermissionMatrix } from './permission-matrix';

const definitions: PermissionDefinition[] = [
  { key: 'users.update', resource: 'users', action: 'update', description: 'Change members' },
  { key: 'analytics.read', resource: 'analytics', action: 'read', description: 'See dashboards' },
  { key: 'users.read', resource: 'users', action: 'read', description: 'List members' },
] as PermissionDefinition[];

describe('PermissionMatrix', () => {
  it('groups by resource in a stable, meaningful order', () => {
    expect(groupByResource(definitions).map(([resource, items]) => [resource, items.map((item) => item.action)])).toEqual([
      ['users', ['read', 'update']],
      ['analytics', ['read']],
    ]);
  });

  it('grants a permission with the organisation scope, then lets the scope change', () => {
    const onChange = vi.fn();
    const { rerender } = renderWithProviders(<PermissionMatrix definitions={definitions} value={{}} onChange={onChange} />);
    const users = within(screen.getByRole('group', { name: 'Utilisateurs' }));

    fireEvent.click(users.getByRole('checkbox', { name: 'Modifier' }));
    expect(onChange).toHaveBeenLastCalledWith({ 'users.update': 'org' });

    rerender(<PermissionMatrix definitions={definitions} value={{ 'users.update': 'org' }} onChange={onChange} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Portée de « Utilisateurs – Modifier »' }), { target: { value: 'assigned' } });
    expect(onChange).toHaveBeenLastCalledWith({ 'users.update': 'assigned' });
  });

  it('is read-only for system roles', () => {
    renderWithProviders(<PermissionMatrix definitions={definitions} value={{ 'users.read': 'org' }} isReadOnly />);
    const read = screen.getAllByRole('checkbox', { name: 'Consulter' });
    expect(read.every((box) => (box as HTMLInputElement).disabled)).toBe(true);
    expect(screen.getByText('Toute l’organisation')).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
