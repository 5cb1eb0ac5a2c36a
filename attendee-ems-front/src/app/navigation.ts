import {
  IconAddressBook,
  IconCalendarEvent,
  IconId,
  IconLayoutDashboard,
  IconListCheck,
  IconQrcode,
  IconSettings,
  IconShieldLock,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { TranslationKey } from '@/lib/i18n/i18n';

export interface NavigationItem {
  to: string;
  labelKey: TranslationKey;
  icon: Icon;
  /** Hidden unless the user holds this permission. */
  permission?: string;
}

export const NAVIGATION: readonly NavigationItem[] = [
  { to: '/', labelKey: 'nav.dashboard', icon: IconLayoutDashboard },
  { to: '/events', labelKey: 'nav.events', icon: IconCalendarEvent, permission: 'events.read' },
  { to: '/check-in', labelKey: 'nav.checkIn', icon: IconQrcode, permission: 'registrations.checkin' },
  { to: '/contacts', labelKey: 'nav.contacts', icon: IconAddressBook, permission: 'attendees.read' },
  { to: '/badges', labelKey: 'nav.badges', icon: IconId, permission: 'badges.read' },
  { to: '/users', labelKey: 'nav.users', icon: IconUsers, permission: 'users.read' },
  { to: '/roles', labelKey: 'nav.roles', icon: IconShieldLock, permission: 'roles.read' },
  { to: '/audit-log', labelKey: 'nav.auditLog', icon: IconListCheck, permission: 'audit.read' },
  { to: '/settings', labelKey: 'nav.settings', icon: IconSettings, permission: 'organizations.update' },
];

export function visibleNavigation(
  items: readonly NavigationItem[],
  can: (permission: string) => boolean,
): NavigationItem[] {
  return items.filter((item) => !item.permission || can(item.permission));
}
