import type { BadgeLayout, LayoutValidation } from './badge-layout.js';
import { validateBadgeLayout } from './badge-layout.js';
import type { RuleRow, TemplateRow } from './badges.repository.js';

/** How long a resolved event stays cached at most (images are re-read after this). */
const TTL_MS = 60_000;
const MAX_EVENTS = 500;

export interface CachedResolution {
  orgId: string;
  fingerprint: string;
  templates: Map<string, TemplateRow>;
  rules: RuleRow[];
  /** Parsed and validated layouts, per template id. */
  layouts: Map<string, LayoutValidation>;
  /** Image bytes per storage key (null: missing, drawn blank). */
  images: Map<string, Buffer | null>;
  expiresAt: number;
}

/**
 * What single badges of an event resolve with (templates, rules, parsed layouts, images), kept per
 * event while its fingerprint (count and last change of the templates and rules, read in the same
 * query as the registration) is unchanged: any template or rule change, from any API process, is
 * seen on the next request. Per process, bounded, and at most a minute old.
 */
export class BadgeResolutionCache {
  private readonly entries = new Map<string, CachedResolution>();
  hits = 0;
  misses = 0;

  get(orgId: string, eventId: string, fingerprint: string): CachedResolution | null {
    const entry = this.entries.get(eventId);
    if (entry && entry.orgId === orgId && entry.fingerprint === fingerprint && entry.expiresAt > Date.now()) {
      this.hits++;
      return entry;
    }
    if (entry) this.entries.delete(eventId);
    this.misses++;
    return null;
  }

  set(eventId: string, value: Omit<CachedResolution, 'layouts' | 'images' | 'expiresAt'>): CachedResolution {
    if (this.entries.size >= MAX_EVENTS) this.entries.delete(this.entries.keys().next().value!);
    const entry: CachedResolution = { ...value, layouts: new Map(), images: new Map(), expiresAt: Date.now() + TTL_MS };
    this.entries.set(eventId, entry);
    return entry;
  }

  clear() {
    this.entries.clear();
  }
}

/** The template's layout, validated once per cached entry. */
export function cachedLayout(entry: Pick<CachedResolution, 'layouts'> | null, template: TemplateRow): LayoutValidation {
  let result = entry?.layouts.get(template.id);
  if (!result) {
    result = validateBadgeLayout(template.layout);
    // An override template outside the event's set is not cached (its changes are not in the fingerprint).
    entry?.layouts.set(template.id, result);
  }
  return result;
}

export type { BadgeLayout };
