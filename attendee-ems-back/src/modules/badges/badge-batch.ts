import { Transform } from 'node:stream';
import { setImmediate as nextTick } from 'node:timers/promises';
import { validateBadgeLayout, type BadgeLayout } from './badge-layout.js';
import { BadgeDocument, type SheetLayout } from './badge-renderer.js';
import { badgeDataOf, resolveTemplate } from './badge-resolution.js';
import type { BadgesRepository, TemplateRow } from './badges.repository.js';
import type { BadgeAssets } from './badge-assets.js';

const PAGE_SIZE = 500;
/** pdfkit ignores back-pressure: past this much unread output, wait for the writer to catch up. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

export interface BatchRequest {
  orgId: string;
  eventId: string;
  layout: SheetLayout;
  /** null = every approved registration of the event. */
  registrationIds: string[] | null;
  /** Door roles: company, job title and answers left out. */
  masked: boolean;
}

export interface BatchResult {
  badges: number;
  pages: number;
  /** Registrations no template applies to (left out, the rest is printed). */
  skipped: number;
  bytes: number;
}

/**
 * Renders the badges of an event (or a selection) into one PDF written to `sink` as it is drawn:
 * registrations are read in keyset pages of 500 and each page of the PDF is flushed before the next,
 * so memory stays flat whatever the event size.
 */
export async function renderBadgeBatch(
  repository: BadgesRepository,
  assets: BadgeAssets,
  request: BatchRequest,
  sink: (stream: NodeJS.ReadableStream & import('node:stream').Readable) => Promise<void>,
  onProgress: (done: number, total: number) => Promise<void>,
  total: number,
): Promise<BatchResult> {
  const event = await repository.eventForBadges(request.eventId);
  if (!event) throw new Error(`event ${request.eventId} not found`);
  const context = await repository.resolutionContext(request.orgId, request.eventId);
  const templates = new Map<string, TemplateRow>(context.templates.map((template) => [template.id, template]));
  const layouts = new Map<string, BadgeLayout | null>();
  const layoutOf = (template: TemplateRow) => {
    if (!layouts.has(template.id)) {
      const result = validateBadgeLayout(template.layout);
      layouts.set(template.id, result.ok ? result.layout : null);
    }
    return layouts.get(template.id)!;
  };
  const images = await assets.load(request.orgId, context.templates.map(layoutOf).filter((layout): layout is BadgeLayout => Boolean(layout)));

  const document = new BadgeDocument(request.layout, images, `Badges — ${event.name}`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  document.pdf.pipe(counter);
  const written = sink(counter);
  written.catch(() => undefined);

  let done = 0;
  let skipped = 0;
  let afterId: string | null = null;
  for (;;) {
    const rows = await repository.registrationsPage(request.eventId, request.registrationIds, afterId, PAGE_SIZE);
    if (!rows.length) break;
    afterId = rows[rows.length - 1]!.id;
    const missingOverrides = rows.map((row) => row.badgeTemplateId).filter((id): id is string => Boolean(id) && !templates.has(id!));
    for (const template of await repository.findTemplatesByIds(request.orgId, [...new Set(missingOverrides)])) {
      templates.set(template.id, template);
      for (const [key, value] of await assets.load(request.orgId, [layoutOf(template)].filter((layout): layout is BadgeLayout => Boolean(layout)))) images.set(key, value);
    }
    for (const row of rows) {
      const template = resolveTemplate(row, request.eventId, templates, context.rules);
      const layout = template ? layoutOf(template) : null;
      if (!layout) {
        skipped++;
        continue;
      }
      document.add(layout, badgeDataOf(row, event, request.masked));
      done++;
    }
    while (document.pdf.readableLength + counter.readableLength > HIGH_WATER_BYTES) await new Promise((resolve) => setTimeout(resolve, 5));
    await nextTick();
    await onProgress(done + skipped, total);
    if (rows.length < PAGE_SIZE) break;
  }
  document.end();
  await written;
  return { badges: done, pages: document.pages, skipped, bytes };
}
