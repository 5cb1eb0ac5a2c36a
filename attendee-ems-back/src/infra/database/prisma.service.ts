import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';

/**
 * The Prisma 7 client over node-postgres. Only repositories use it. Its connection pool is also
 * exposed as `pool` for the few hot-path statements where Prisma's per-query work (about 0.5 ms of
 * CPU per raw query, measured under the registration rush) would be most of the request's cost:
 * one pool, so the process never holds more than DATABASE_POOL_SIZE connections.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.database.url) throw new Error('DATABASE_URL is not resolved: start the embedded database before the app module');
    const pool = new pg.Pool({ connectionString: config.database.url, max: config.database.poolSize });
    // A connection that dies while idle (database restart) is dropped and replaced by the pool; without
    // a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  async onModuleDestroy() {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
