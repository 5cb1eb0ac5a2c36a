import { Global, Inject, Module, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { HealthCheckRegistry } from '../../modules/health/health-check.registry.js';
import { FilesController } from './files.controller.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3Storage } from './s3.storage.js';
import { FileUrlSigner } from './signed-url.js';
import { StorageService } from './storage.service.js';

export function createStorage(config: AppConfig, signer = new FileUrlSigner(config.auth.jwtSecret)): StorageService {
  const r2 = config.storage.r2;
  if (r2) {
    return new S3Storage({
      endpoint: r2.endpoint,
      region: r2.region,
      bucket: r2.bucket,
      accessKey: r2.accessKey,
      secretKey: r2.secretKey,
      forcePathStyle: r2.forcePathStyle,
      defaultTtlSeconds: config.storage.signedUrlTtlSeconds,
    });
  }
  return new LocalDiskStorage(config.storage.localDir, signer, config.appUrl, config.storage.signedUrlTtlSeconds);
}

/** `StorageService` for every module: R2/S3 when R2_* is configured, the local disk otherwise. */
@Global()
@Module({
  controllers: [FilesController],
  providers: [
    { provide: FileUrlSigner, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new FileUrlSigner(config.auth.jwtSecret) },
    { provide: StorageService, inject: [APP_CONFIG, FileUrlSigner], useFactory: (config: AppConfig, signer: FileUrlSigner) => createStorage(config, signer) },
  ],
  exports: [StorageService],
})
export class StorageModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Optional() @Inject(HealthCheckRegistry) private readonly health?: HealthCheckRegistry,
  ) {}

  onModuleInit() {
    this.health?.register('storage', () => this.storage.probe());
  }

  onModuleDestroy() {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
