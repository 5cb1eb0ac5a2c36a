import { describe, expect, it } from 'vitest';
import { auditFiltersFromParams, auditFiltersToParams, toAuditLogsQuery } from './audit-filters';

const ACTOR = '0b8f0c9e-2f7a-4c37-9a55-3c1d2e4f5a6b';

describe('audit log filters', () => {
  it('round-trips through the URL and drops what is malformed', () => {
    const filters = { actorUserId: ACTOR, action: 'contact.', from: '2026-01-01', to: '2026-01-31', page: 3 };
    expect(auditFiltersFromParams(auditFiltersToParams(filters))).toEqual(filters);
    expect(auditFiltersFromParams(new URLSearchParams('actor=x&from=01/02/2026&page=-1'))).toEqual({ actorUserId: null, action: '', from: '', to: '', page: 1 });
  });

  it('makes the "to" day inclusive', () => {
    const query = toAuditLogsQuery({ actorUserId: null, action: '', from: '2026-03-10', to: '2026-03-10', page: 1 });
    expect(new Date(query.to!).getTime() - new Date(query.from!).getTime()).toBe(24 * 3600 * 1000 - 1);
    expect(query).not.toHaveProperty('actorUserId');
  });
});
