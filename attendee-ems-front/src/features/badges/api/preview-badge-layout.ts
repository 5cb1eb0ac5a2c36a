import { api, unwrap } from '@/lib/api';
import type { BadgeLayout } from '../hooks/badge-layout';

export const SAMPLE_NAMES = ['default', 'long', 'nonLatin', 'empty'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

/** The unsaved layout drawn by the server (the truth of what prints), as a PNG. */
export const previewBadgeLayout = (layout: BadgeLayout, sample: SampleName, eventId: string | null) =>
  unwrap(
    api.POST('/api/badge-templates/preview', {
      body: { layout: layout as unknown as Record<string, unknown>, format: 'png', sample, ...(eventId ? { eventId } : {}) },
      parseAs: 'blob',
    }),
  ) as unknown as Promise<Blob>;
