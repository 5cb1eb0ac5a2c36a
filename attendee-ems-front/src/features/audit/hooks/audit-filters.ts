/** The audit log's filters, mirrored in the URL. Dates are days (YYYY-MM-DD) in the viewer's time zone. */
export interface AuditFilters {
  actorUserId: string | null;
  action: string;
  from: string;
  to: string;
  page: number;
}

export interface AuditLogsQuery {
  page: number;
  pageSize: number;
  actorUserId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auditFiltersFromParams(params: URLSearchParams): AuditFilters {
  const page = Number(params.get('page'));
  const day = (value: string | null) => (value && DAY.test(value) ? value : '');
  const actor = params.get('actor');
  return {
    actorUserId: actor && UUID.test(actor) ? actor : null,
    action: (params.get('action') ?? '').slice(0, 80),
    from: day(params.get('from')),
    to: day(params.get('to')),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function auditFiltersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.actorUserId) params.set('actor', filters.actorUserId);
  if (filters.action.trim()) params.set('action', filters.action.trim());
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** A day range becomes instants: from the start of `from` to the end of `to`, local time, so "to" includes its day. */
export function toAuditLogsQuery(filters: AuditFilters): AuditLogsQuery {
  const query: AuditLogsQuery = { page: filters.page, pageSize: AUDIT_PAGE_SIZE };
  if (filters.actorUserId) query.actorUserId = filters.actorUserId;
  if (filters.action.trim()) query.action = filters.action.trim();
  if (filters.from) query.from = new Date(`${filters.from}T00:00:00`).toISOString();
  if (filters.to) query.to = new Date(`${filters.to}T23:59:59.999`).toISOString();
  return query;
}
