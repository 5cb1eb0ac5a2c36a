import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileUrlSigner } from './signed-url.js';
import { assertValidKey, StorageObjectNotFoundError, StorageService, type StoredObject } from './storage.service.js';

const META_SUFFIX = '.meta.json';

/**
 * Files under STORAGE_DIR (default .data/storage). Writes go to a temp file then rename, so a reader
 * never sees half a file. Signed URLs point at our own /api/files route (FilesController).
 */
export class LocalDiskStorage extends StorageService {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(
    rootDir: string,
    private readonly signer: FileUrlSigner,
    private readonly appUrl: string,
    private readonly defaultTtlSeconds: number,
  ) {
    super();
    this.root = path.resolve(rootDir);
  }

  private pathOf(key: string): string {
    const resolved = path.resolve(this.root, assertValidKey(key));
    // Belt and braces: assertValidKey already forbids anything that could climb out of root.
    if (!resolved.startsWith(this.root + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return resolved;
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(temp));
      await fsp.writeFile(`${target}${META_SUFFIX}`, JSON.stringify({ contentType }));
      await fsp.rename(temp, target);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject> {
    const file = this.pathOf(key);
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(file);
    } catch {
      throw new StorageObjectNotFoundError(key);
    }
    if (!stat.isFile()) throw new StorageObjectNotFoundError(key);
    const meta = await fsp
      .readFile(`${file}${META_SUFFIX}`, 'utf8')
      .then((text) => JSON.parse(text) as { contentType?: string })
      .catch(() => ({}) as { contentType?: string });
    return {
      body: fs.createReadStream(file),
      contentType: meta.contentType ?? 'application/octet-stream',
      contentLength: stat.size,
      lastModified: stat.mtime,
    };
  }

  async exists(key: string): Promise<boolean> {
    return fsp.stat(this.pathOf(key)).then(
      (stat) => stat.isFile(),
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fsp.rm(file, { force: true });
    await fsp.rm(`${file}${META_SUFFIX}`, { force: true });
  }

  async signedUrl(key: string, ttlSeconds = this.defaultTtlSeconds): Promise<string> {
    assertValidKey(key);
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const encodedKey = key.split('/').map(encodeURIComponent).join('/');
    return `${this.appUrl}/api/files/${encodedKey}?expires=${expires}&signature=${this.signer.sign(key, expires)}`;
  }

  async probe(): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true });
    await fsp.access(this.root, fs.constants.W_OK);
  }
}
