import type { Readable } from 'node:stream';

export interface StoredObjectMetadata {
  contentType: string;
  contentLength?: number;
  lastModified?: Date;
}

export interface StoredObject extends StoredObjectMetadata {
  body: Readable;
}

export class StorageObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object under "${key}"`);
    this.name = 'StorageObjectNotFoundError';
  }
}

export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key "${key}"`);
    this.name = 'InvalidStorageKeyError';
  }
}

/**
 * Private files (badges, exports, uploads). Features ask for this, never for a disk path or an S3
 * client. The abstract class is the DI token; LocalDiskStorage is the default, S3Storage (R2 or any
 * S3 endpoint) is chosen when R2_* is configured.
 */
export abstract class StorageService {
  abstract readonly kind: 'local' | 's3';
  abstract put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** Throws StorageObjectNotFoundError when the key does not exist. */
  abstract get(key: string): Promise<StoredObject>;
  abstract exists(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
  /** A URL that lets anyone holding it download the object until it expires. */
  abstract signedUrl(key: string, ttlSeconds?: number): Promise<string>;
  /** Readiness: throws when the backend cannot be written to / reached. */
  abstract probe(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._@=+-]*$/;

/**
 * Keys are relative, slash-separated, made of safe characters, with no `.`/`..`/empty segment, so a
 * key can never name anything outside the storage root whatever the backend.
 */
export function assertValidKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) throw new InvalidStorageKeyError(String(key));
  const segments = key.split('/');
  if (!segments.every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..' && !segment.includes('..'))) {
    throw new InvalidStorageKeyError(key);
  }
  return key;
}
