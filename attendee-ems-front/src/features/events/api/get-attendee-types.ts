import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type AttendeeType = ApiResponse<'/api/attendee-types', 'get'>[number];

export const getAttendeeTypes = () => unwrap(api.GET('/api/attendee-types'));

export const attendeeTypesQueryOptions = () => queryOptions({ queryKey: ['attendee-types'], queryFn: getAttendeeTypes });

export const useAttendeeTypes = () => useQuery(attendeeTypesQueryOptions());
