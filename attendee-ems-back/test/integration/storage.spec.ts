import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import { LocalDiskStorage } from '../../src/infra/storage/local-disk.storage.js';
import { S3Storage } from '../../src/infra/storage/s3.storage.js';
import { FileUrlSigner } from '../../src/infra/storage/signed-url.js';
import { StorageService } from '../../src/infra/storage/storage.service.js';
import { findFreePort } from '../support/ports.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The same round trip for every backend: put (buffer and stream), get, exists, delete. */
async function roundTrip(storage: StorageService, prefix: string) {
  const pdf = Buffer.from('%PDF-1.7 fake badge ' + 'x'.repeat(70_000));
  await storage.put(`${prefix}/badge.pdf`, pdf, 'application/pdf');
  expect(await storage.exists(`${prefix}/badge.pdf`)).toBe(true);
  const got = await storage.get(`${prefix}/badge.pdf`);
  expect(got.contentType).toBe('application/pdf');
  expect(got.contentLength).toBe(pdf.length);
  expect((await readAll(got.body)).equals(pdf)).toBe(true);

  const lines = Array.from({ length: 1000 }, (_, i) => `row ${i};é\n`);
  await storage.put(`${prefix}/export.csv`, Readable.from(lines), 'text/csv');
  expect((await readAll((await storage.get(`${prefix}/export.csv`)).body)).toString('utf8')).toBe(lines.join(''));

  await storage.delete(`${prefix}/badge.pdf`);
  expect(await storage.exists(`${prefix}/badge.pdf`)).toBe(false);
  await expect(storage.get(`${prefix}/badge.pdf`)).rejects.toMatchObject({ name: 'StorageObjectNotFoundError' });
  await storage.delete(`${prefix}/badge.pdf`); // idempotent
  await expect(storage.put('../escape.txt', Buffer.from('x'), 'text/plain')).rejects.toMatchObject({ name: 'InvalidStorageKeyError' });
}

describe('storage: local disk (default) behind signed /api/files URLs', () => {
  let t: TestApp;
  let storageDir: string;
  beforeAll(async () => {
    storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-storage-'));
    t = await startTestApp({ STORAGE_DIR: storageDir });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(storageDir, { recursive: true, force: true });
  });

  it('is the default backend and round-trips buffers and streams on disk', async () => {
    const storage = t.app.get(StorageService);
    expect(storage).toBeInstanceOf(LocalDiskStorage);
    await roundTrip(storage, 'org-1/exports');
    expect(fs.existsSync(path.join(storageDir, 'org-1', 'exports', 'export.csv'))).toBe(true);
  });

  it('serves a file through a signed URL, and refuses it without, with a tampered, or with an expired signature', async () => {
    const storage = t.app.get(StorageService);
    await storage.put('org-2/badges/ab12.pdf', Buffer.from('badge-bytes'), 'application/pdf');
    const url = new URL(await storage.signedUrl('org-2/badges/ab12.pdf', 60));
    expect(url.pathname).toBe('/api/files/org-2/badges/ab12.pdf');

    const ok = await t.api.get(url.pathname + url.search).buffer(true);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('application/pdf');
    expect(Buffer.from(ok.body).toString()).toBe('badge-bytes');

    const unsigned = await t.api.get(url.pathname);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.code).toBe('SIGNATURE_INVALID');

    const signature = url.searchParams.get('signature')!;
    const tampered = new URL(url);
    tampered.searchParams.set('signature', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    expect((await t.api.get(tampered.pathname + tampered.search)).body.code).toBe('SIGNATURE_INVALID');

    // The signature of one key does not open another, nor does a longer expiry.
    await storage.put('org-3/badges/other.pdf', Buffer.from('someone else'), 'application/pdf');
    const otherKey = await t.api.get(`/api/files/org-3/badges/other.pdf${url.search}`);
    expect(otherKey.status).toBe(403);
    const extended = new URL(url);
    extended.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    expect((await t.api.get(extended.pathname + extended.search)).status).toBe(403);

    const expired = new URL(await storage.signedUrl('org-2/badges/ab12.pdf', -5));
    const expiredResponse = await t.api.get(expired.pathname + expired.search);
    expect(expiredResponse.status).toBe(403);
    expect(expiredResponse.body.code).toBe('SIGNATURE_EXPIRED');
  });

  it('cannot be walked out of the storage directory, even with a validly signed traversal key', async () => {
    const secretFile = path.join(path.dirname(storageDir), 'ems-secret.txt');
    fs.writeFileSync(secretFile, 'TOP-SECRET-CONTENT');
    const signer = t.app.get(FileUrlSigner);
    const expires = Math.floor(Date.now() / 1000) + 60;
    try {
      for (const [urlPath, signedKey] of [
        ['..%2Fems-secret.txt', '../ems-secret.txt'],
        ['%2E%2E/ems-secret.txt', '../ems-secret.txt'],
        ['a/..%2F..%2Fems-secret.txt', 'a/../../ems-secret.txt'],
        ['..%5Cems-secret.txt', '..\\ems-secret.txt'],
      ]) {
        const response = await t.api.get(`/api/files/${urlPath}?expires=${expires}&signature=${signer.sign(signedKey, expires)}`);
        expect([403, 404]).toContain(response.status);
        expect(response.text).not.toContain('TOP-SECRET-CONTENT');
      }
    } finally {
      fs.rmSync(secretFile, { force: true });
    }
  });

  it('answers 404 FILE_NOT_FOUND for a correctly signed URL of a deleted file', async () => {
    const storage = t.app.get(StorageService);
    await storage.put('org-4/gone.txt', Buffer.from('x'), 'text/plain');
    const url = new URL(await storage.signedUrl('org-4/gone.txt', 60));
    await storage.delete('org-4/gone.txt');
    const response = await t.api.get(url.pathname + url.search);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('FILE_NOT_FOUND');
  });

  it('reports storage in readiness', async () => {
    const response = await t.api.get('/api/health/ready');
    expect(response.body.checks ?? response.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'storage', status: 'ok' })]));
  });
});

describe('storage: S3 API (R2) against a real s3rver', () => {
  let server: S3rver;
  let directory: string;
  let endpoint: string;
  let storage: S3Storage;
  const env = () => ({ R2_ACCESS_KEY: 'S3RVER', R2_SECRET_KEY: 'S3RVER', R2_BUCKET_NAME: 'badges', R2_ENDPOINT: endpoint, R2_REGION: 'us-east-1' });

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-s3rver-'));
    const port = await findFreePort();
    server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'badges', configs: [] }] });
    await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const config = loadConfig({ NODE_ENV: 'test', ...env() });
    expect(config.storage.r2).toMatchObject({ endpoint, forcePathStyle: true, bucket: 'badges' });
    const r2 = config.storage.r2!;
    storage = new S3Storage({ ...r2, defaultTtlSeconds: 60 });
  });
  afterAll(async () => {
    storage?.destroy();
    await server?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('round-trips buffers and streams and answers the probe', async () => {
    await storage.probe();
    await roundTrip(storage, 'org-9/badges');
  });

  it('streams a large body up as a multipart upload without holding it whole', async () => {
    // 20 MiB in 64 KiB chunks, generated as it is read: three parts of 8 MiB at most.
    const chunk = (index: number) => Buffer.alloc(64 * 1024, index % 251);
    const count = 320;
    async function* generate() {
      for (let index = 0; index < count; index++) yield chunk(index);
    }
    await storage.put('org-9/badges/large.pdf', Readable.from(generate()), 'application/pdf');
    const got = await storage.get('org-9/badges/large.pdf');
    expect(got.contentType).toBe('application/pdf');
    expect(got.contentLength).toBe(count * 64 * 1024);
    const body = await readAll(got.body);
    expect(body.length).toBe(count * 64 * 1024);
    for (const index of [0, 127, 128, 319]) expect(body.subarray(index * 64 * 1024, (index + 1) * 64 * 1024).equals(chunk(index))).toBe(true);
    // A failing stream leaves nothing behind.
    async function* failing() {
      for (let index = 0; index < 200; index++) yield chunk(index);
      throw new Error('source broke');
    }
    await expect(storage.put('org-9/badges/broken.pdf', Readable.from(failing()), 'application/pdf')).rejects.toThrow('source broke');
    expect(await storage.exists('org-9/badges/broken.pdf')).toBe(false);
  });

  it('hands out presigned URLs that download the object directly', async () => {
    await storage.put('org-9/exports/list.csv', Buffer.from('a;b\n1;2\n'), 'text/csv');
    const url = await storage.signedUrl('org-9/exports/list.csv', 120);
    expect(url.startsWith(`${endpoint}/badges/org-9/exports/list.csv?`)).toBe(true);
    expect(url).toContain('X-Amz-Expires=120');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('a;b\n1;2\n');
  });

  it('is chosen by configuration when R2 is configured', async () => {
    const app = await startTestApp(env());
    try {
      expect(app.app.get(StorageService)).toBeInstanceOf(S3Storage);
      const ready = await app.api.get('/api/health/ready');
      expect(ready.body.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'storage', status: 'ok' })]));
    } finally {
      await app.close();
    }
  });
});
