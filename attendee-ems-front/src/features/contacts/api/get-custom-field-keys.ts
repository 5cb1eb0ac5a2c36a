import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** The custom field keys the organisation's contacts use: the export offers a `custom.<key>` column for each. */
export const getCustomFieldKeys = () => unwrap(api.GET('/api/contacts/custom-field-keys'));

export const customFieldKeysQueryOptions = () => queryOptions({ queryKey: ['contacts', 'custom-field-keys'], queryFn: getCustomFieldKeys });

export const useCustomFieldKeys = ({ enabled = true }: { enabled?: boolean } = {}) => useQuery({ ...customFieldKeysQueryOptions(), enabled });
