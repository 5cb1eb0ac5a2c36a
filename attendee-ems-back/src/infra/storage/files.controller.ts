import { Controller, Get, Inject, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { FileUrlSigner } from './signed-url.js';
import { assertValidKey, InvalidStorageKeyError, StorageObjectNotFoundError, StorageService } from './storage.service.js';

const FORBIDDEN_SIGNATURE = () => AppException.forbidden(ErrorCode.SIGNATURE_INVALID, 'This file link is not valid.');

/**
 * Serves LocalDiskStorage files behind signed URLs (`/api/files/<key>?expires=…&signature=…`). The
 * URL is the credential, so the route is public; the HMAC covers the key and the expiry.
 */
@ApiExcludeController()
@Public()
@Controller('files')
export class FilesController {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(FileUrlSigner) private readonly signer: FileUrlSigner,
  ) {}

  @Get('*key')
  async download(@Req() request: Request, @Query('expires') expires: unknown, @Query('signature') signature: unknown): Promise<StreamableFile> {
    const raw = (request.params as Record<string, string | string[]>).key;
    const key = Array.isArray(raw) ? raw.join('/') : String(raw ?? '');
    try {
      assertValidKey(key);
    } catch (error) {
      if (error instanceof InvalidStorageKeyError) throw FORBIDDEN_SIGNATURE();
      throw error;
    }
    const verdict = this.signer.verify(key, expires, signature);
    if (verdict === 'invalid') throw FORBIDDEN_SIGNATURE();
    if (verdict === 'expired') throw AppException.forbidden(ErrorCode.SIGNATURE_EXPIRED, 'This file link has expired.');
    try {
      const file = await this.storage.get(key);
      return new StreamableFile(file.body, {
        type: file.contentType,
        length: file.contentLength,
        disposition: `inline; filename="${key.split('/').pop()!.replace(/"/g, '')}"`,
      });
    } catch (error) {
      if (error instanceof StorageObjectNotFoundError) throw AppException.notFound('File', ErrorCode.FILE_NOT_FOUND);
      throw error;
    }
  }
}
