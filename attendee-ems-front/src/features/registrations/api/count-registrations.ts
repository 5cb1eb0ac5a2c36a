import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RegistrationStatusFilter } from '../hooks/registration-filters';
import { getRegistrations } from './get-registrations';

/** How many registrations (deleted ones aside) an export would hold: the list's exact total, one row fetched. */
export const registrationsCountQueryOptions = (eventId: string, status: RegistrationStatusFilter | null) => {
  const query = { pageSize: 1, ...(status ? { status } : {}) };
  return queryOptions({
    queryKey: ['events', eventId, 'registrations', query],
    queryFn: () => getRegistrations(eventId, query),
    select: (list) => ({ total: list.total ?? 0, isCapped: list.totalCapped || list.total === null }),
  });
};

export const useRegistrationsCount = (eventId: string, status: RegistrationStatusFilter | null, enabled = true) =>
  useQuery({ ...registrationsCountQueryOptions(eventId, status), enabled });
