import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertValidKey, StorageObjectNotFoundError, StorageService, type StoredObject } from './storage.service.js';

export interface S3StorageOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** R2 and most self-hosted S3 servers want path-style URLs (bucket in the path, not the host). */
  forcePathStyle: boolean;
  defaultTtlSeconds: number;
}

function isNotFound(error: unknown): boolean {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return candidate?.name === 'NotFound' || candidate?.name === 'NoSuchKey' || candidate?.$metadata?.httpStatusCode === 404;
}

/** Cloudflare R2 (or any S3 API). Signed URLs are S3 presigned GETs: downloads never go through the API. */
export class S3Storage extends StorageService {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    super();
    const config: S3ClientConfig = {
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey },
    };
    this.client = new S3Client(config);
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<void> {
    assertValidKey(key);
    if (Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
      return;
    }
    await this.putStream(key, body, contentType);
  }

  /**
   * A stream of unknown length (a bulk badge PDF, an export) goes up as a multipart upload, one part
   * per PART_BYTES read, so at most one part is in memory whatever the file's size; a stream shorter
   * than one part is a single PUT. A failed upload is aborted (no orphaned parts).
   */
  private async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    const Bucket = this.options.bucket;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    const flush = async () => {
      const payload = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (!uploadId) uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }))).UploadId!;
      const PartNumber = parts.length + 1;
      const result = await this.client.send(new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber, Body: payload, ContentLength: payload.length }));
      parts.push({ ETag: result.ETag!, PartNumber });
    };
    try {
      for await (const chunk of body) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        pending.push(buffer);
        pendingBytes += buffer.length;
        if (pendingBytes >= PART_BYTES) await flush();
      }
      if (!uploadId) {
        const payload = Buffer.concat(pending, pendingBytes);
        await this.client.send(new PutObjectCommand({ Bucket, Key: key, Body: payload, ContentType: contentType, ContentLength: payload.length }));
        return;
      }
      if (pendingBytes > 0) await flush();
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      if (uploadId) await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject> {
    assertValidKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return {
        body: result.Body as Readable,
        contentType: result.ContentType ?? 'application/octet-stream',
        contentLength: result.ContentLength,
        lastModified: result.LastModified,
      };
    } catch (error) {
      if (isNotFound(error)) throw new StorageObjectNotFoundError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async signedUrl(key: string, ttlSeconds = this.options.defaultTtlSeconds): Promise<string> {
    assertValidKey(key);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), { expiresIn: ttlSeconds });
  }

  async probe(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  destroy() {
    this.client.destroy();
  }
}

/** Multipart part size: S3 wants ≥ 5 MiB for every part but the last. */
const PART_BYTES = 8 * 1024 * 1024;
