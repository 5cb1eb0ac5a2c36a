import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type ApiFieldError } from '@/lib/api/errors';
import { previewBadgeLayout, type SampleName } from '../api/preview-badge-layout';
import type { BadgeLayout } from './badge-layout';
import { useObjectUrl } from './use-object-url';

export interface ServerPreview {
  url: string | null;
  isLoading: boolean;
  /** The layout's problems as the server names them (400 INVALID_BADGE_LAYOUT). */
  fieldErrors: ApiFieldError[];
  failure: ApiError | null;
  /** True while the picture shows an older version of the layout. */
  isStale: boolean;
}

/** The server's rendering of the unsaved layout, refreshed 500 ms after the last change. */
export function useServerPreview(layout: BadgeLayout, sample: SampleName, eventId: string | null): ServerPreview {
  const key = useMemo(() => JSON.stringify({ layout, sample, eventId }), [layout, sample, eventId]);
  const [debounced] = useDebouncedValue(key, 500);
  const [blob, setBlob] = useState<Blob | null>(null);
  const [renderedKey, setRenderedKey] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<ApiFieldError[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);

  useEffect(() => {
    // No AbortSignal: an aborted fetch would be reported by the API client as a network failure.
    let isCurrent = true;
    const request = JSON.parse(debounced) as { layout: BadgeLayout; sample: SampleName; eventId: string | null };
    setIsLoading(true);
    previewBadgeLayout(request.layout, request.sample, request.eventId)
      .then((result) => {
        if (!isCurrent) return;
        setBlob(result);
        setFieldErrors([]);
        setFailure(null);
        setRenderedKey(debounced);
      })
      .catch((cause: unknown) => {
        if (!isCurrent) return;
        const error = cause instanceof ApiError ? cause : new ApiError(0, 'NETWORK_ERROR', String(cause));
        setFailure(error);
        setFieldErrors(error.statusCode === 400 ? error.fieldErrors : []);
      })
      .finally(() => {
        if (isCurrent) setIsLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [debounced]);

  return { url: useObjectUrl(blob), isLoading, fieldErrors, failure, isStale: renderedKey !== key };
}
