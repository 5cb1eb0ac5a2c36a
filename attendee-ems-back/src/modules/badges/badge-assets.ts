import { execFile } from 'node:child_process';
import { Inject, Injectable } from '@nestjs/common';
import type { FieldError } from '../../common/errors/app-exception.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { imageKeysOf, type BadgeLayout } from './badge-layout.js';
import { isEmbeddableImage } from './badge-renderer.js';

const MAX_IMAGE_BYTES = 700 * 1024;

/** Badge images live under the organisation's prefix: a layout can only reference its own organisation's files. */
export const badgeImagePrefix = (orgId: string) => `orgs/${orgId}/badge-images/`;

@Injectable()
export class BadgeAssets {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  async read(key: string): Promise<Buffer | null> {
    try {
      const object = await this.storage.get(key);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of object.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_IMAGE_BYTES * 2) return null;
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    } catch {
      return null;
    }
  }

  /** Bytes of every image the layouts use (null for a missing one: drawn blank). */
  async load(orgId: string, layouts: Iterable<BadgeLayout>): Promise<Map<string, Buffer | null>> {
    const images = new Map<string, Buffer | null>();
    for (const layout of layouts) {
      for (const { key } of imageKeysOf(layout)) {
        if (images.has(key)) continue;
        images.set(key, key.startsWith(badgeImagePrefix(orgId)) ? await this.read(key) : null);
      }
    }
    return images;
  }

  /** Problems with the images a layout references: not this organisation's, missing, or not a PNG/JPEG pdfkit can embed. */
  async problems(orgId: string, layout: BadgeLayout): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    for (const { key, field } of imageKeysOf(layout)) {
      if (!key.startsWith(badgeImagePrefix(orgId))) {
        errors.push({ field, code: 'unknownImage', message: `"${key}" is not an image uploaded to this organisation` });
        continue;
      }
      const bytes = await this.read(key);
      if (!bytes) errors.push({ field, code: 'missingImage', message: `image "${key}" does not exist` });
      else if (!isEmbeddableImage(bytes)) errors.push({ field, code: 'brokenImage', message: `image "${key}" is not a readable PNG or JPEG` });
    }
    return errors;
  }

  async upload(orgId: string, key: string, bytes: Buffer, contentType: string) {
    await this.storage.put(key, bytes, contentType);
  }

  static readonly maxImageBytes = MAX_IMAGE_BYTES;
}

/**
 * PNG preview: the PDF rasterised by poppler's pdftoppm (Debian poppler-utils, installed by the
 * Dockerfile/CI), so the preview is the print output, pixel for pixel. Null when pdftoppm is absent.
 */
export function rasterisePdf(pdf: Buffer, dpi = 150): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = execFile('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', '-'], { encoding: 'buffer', maxBuffer: 50 * 1024 * 1024, timeout: 15_000 }, (error, stdout) => {
      resolve(error ? null : (stdout as Buffer));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(pdf);
  });
}
