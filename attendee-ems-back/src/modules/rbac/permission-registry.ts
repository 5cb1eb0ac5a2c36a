/**
 * The canonical permission registry: every permission the product knows, and what each system
 * role is granted. Seeds (local and seed-production.sql) are generated from this file; a test
 * fails when seed-production.sql drifts from it.
 */
export type PermissionScope = 'org' | 'assigned' | 'own';

export interface PermissionDefinition {
  key: string;
  description: string;
}

const define = <const K extends string>(key: K, description: string) => ({ key, description });

export const PERMISSIONS = [
  define('organizations.read', 'See the organisation and its settings'),
  define('organizations.update', 'Change the organisation settings'),
  define('organizations.create', 'Create organisations (platform)'),
  define('organizations.delete', 'Delete organisations (platform)'),

  define('users.read', 'List the members of the organisation'),
  define('users.create', 'Add members to the organisation'),
  define('users.update', 'Change members (role, profile)'),
  define('users.delete', 'Deactivate or remove members'),

  define('roles.read', 'See roles and their permissions'),
  define('roles.create', 'Create custom roles'),
  define('roles.update', 'Change custom roles'),
  define('roles.delete', 'Delete custom roles'),

  define('invitations.read', 'See pending invitations'),
  define('invitations.create', 'Invite people and resend invitations'),
  define('invitations.cancel', 'Cancel invitations'),

  define('events.read', 'See events'),
  define('events.create', 'Create and duplicate events'),
  define('events.update', 'Edit events, their forms and settings'),
  define('events.delete', 'Delete and restore events'),
  define('events.publish', 'Publish, close, cancel, postpone and archive events'),
  define('events.assign', 'Assign staff to events'),

  define('attendees.read', 'See contacts (the attendee CRM)'),
  define('attendees.create', 'Create contacts'),
  define('attendees.update', 'Edit, label and merge contacts'),
  define('attendees.delete', 'Deactivate and delete contacts'),
  define('attendees.import', 'Import contacts'),
  define('attendees.export', 'Export contacts'),
  define('attendees.erase', 'Erase personal data (GDPR)'),

  define('registrations.read', 'See registrations'),
  define('registrations.create', 'Add registrations manually'),
  define('registrations.update', 'Edit registrations'),
  define('registrations.delete', 'Delete and restore registrations'),
  define('registrations.approve', 'Approve, refuse, cancel and promote registrations'),
  define('registrations.import', 'Import registrations'),
  define('registrations.export', 'Export registrations and the check-in log'),
  define('registrations.checkin', 'Check people in and out'),

  define('badges.read', 'See badges and print history'),
  define('badges.print', 'Generate and print badges'),
  define('badge_templates.read', 'See badge templates'),
  define('badge_templates.create', 'Create badge templates'),
  define('badge_templates.update', 'Edit badge templates'),
  define('badge_templates.delete', 'Delete badge templates'),

  define('emails.read', 'See email templates and the email log'),
  define('emails.update', 'Edit email templates'),

  define('analytics.read', 'See dashboards and statistics'),
  define('audit.read', 'See the audit log'),
] as const;

export type PermissionKey = (typeof PERMISSIONS)[number]['key'];

export const PERMISSION_KEYS: readonly PermissionKey[] = PERMISSIONS.map((permission) => permission.key);

export function isPermissionKey(value: string): value is PermissionKey {
  return (PERMISSION_KEYS as readonly string[]).includes(value);
}

export function splitPermissionKey(key: PermissionKey): { resource: string; action: string } {
  const [resource, action] = key.split('.') as [string, string];
  return { resource, action };
}

export type SystemRoleCode = 'SUPER_ADMIN' | 'ADMIN' | 'MANAGER' | 'VIEWER' | 'PARTNER' | 'HOSTESS';

export interface SystemRoleDefinition {
  code: SystemRoleCode;
  name: string;
  description: string;
  rank: number;
  grants: ReadonlyArray<readonly [PermissionKey, PermissionScope]>;
}

const all = (scope: PermissionScope, predicate: (key: PermissionKey) => boolean = () => true) =>
  PERMISSION_KEYS.filter(predicate).map((key) => [key, scope] as const);

const PLATFORM_ONLY: readonly PermissionKey[] = ['organizations.create', 'organizations.delete'];
const ADMINISTRATION = ['users.', 'roles.', 'invitations.', 'organizations.', 'audit.'];
const isRead = (key: string) => key.endsWith('.read');

/** Strongest first. Ranks leave room for custom roles in between. */
export const SYSTEM_ROLES: readonly SystemRoleDefinition[] = [
  {
    code: 'SUPER_ADMIN',
    name: 'Super administrator',
    description: 'Platform operator: every permission in every organisation',
    rank: 100,
    grants: all('org'),
  },
  {
    code: 'ADMIN',
    name: 'Administrator',
    description: 'Runs the organisation: users, roles, events, data',
    rank: 80,
    grants: all('org', (key) => !PLATFORM_ONLY.includes(key)),
  },
  {
    code: 'MANAGER',
    name: 'Event manager',
    description: 'Creates and runs events, registrations, badges and attendees',
    rank: 60,
    grants: [
      ...all('org', (key) => !ADMINISTRATION.some((prefix) => key.startsWith(prefix)) && key !== 'attendees.erase'),
      ['users.read', 'org'],
      ['roles.read', 'org'],
      ['organizations.read', 'org'],
      // Managers invite within the hierarchy (MANAGER and weaker); the rank rules enforce the ceiling.
      ['invitations.read', 'org'],
      ['invitations.create', 'org'],
      ['invitations.cancel', 'org'],
    ],
  },
  {
    code: 'VIEWER',
    name: 'Viewer',
    description: 'Read-only access to the whole organisation',
    rank: 40,
    grants: all('org', (key) => isRead(key) && !ADMINISTRATION.some((prefix) => key.startsWith(prefix))).concat([['organizations.read', 'org']]),
  },
  {
    code: 'PARTNER',
    name: 'Partner',
    description: 'Read-only access to the events they are assigned to',
    rank: 30,
    grants: [
      ['events.read', 'assigned'],
      ['registrations.read', 'assigned'],
      ['registrations.export', 'assigned'],
      ['badges.read', 'assigned'],
      ['analytics.read', 'assigned'],
      ['organizations.read', 'org'],
    ],
  },
  {
    code: 'HOSTESS',
    name: 'Door staff',
    description: 'Checks people in at the events they are assigned to',
    rank: 20,
    grants: [
      ['events.read', 'assigned'],
      ['registrations.read', 'assigned'],
      ['registrations.checkin', 'assigned'],
      ['badges.print', 'assigned'],
      ['organizations.read', 'org'],
    ],
  },
];

/** Roles whose members see only what the door needs (emails, phones, companies masked). */
export const MASKED_ROLE_CODES: readonly string[] = ['HOSTESS'];

/** How wide each scope is: a grant covers every narrower scope. */
export const SCOPE_WIDTH: Readonly<Record<PermissionScope, number>> = { org: 3, assigned: 2, own: 1 };

export const PERMISSION_SCOPES: readonly PermissionScope[] = ['org', 'assigned', 'own'];

export function scopeCovers(held: PermissionScope | undefined, wanted: PermissionScope): boolean {
  return held !== undefined && SCOPE_WIDTH[held] >= SCOPE_WIDTH[wanted];
}

/** System role codes that organisations may assign (SUPER_ADMIN is a platform flag, never granted through a membership API). */
export const PLATFORM_ROLE_CODES: readonly string[] = ['SUPER_ADMIN'];
