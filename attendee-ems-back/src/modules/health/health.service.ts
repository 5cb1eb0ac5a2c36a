import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { HealthCheckRegistry } from './health-check.registry.js';
import type { DatabaseHealthDto, DependencyCheckDto, LivenessDto, ReadinessDto } from './health.dto.js';

const PROBE_TIMEOUT_MS = 2_000;
const VERSION = process.env.npm_package_version ?? '0.1.0';

async function timed(name: string, probe: () => Promise<unknown>): Promise<DependencyCheckDto> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { name, status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(HealthCheckRegistry) private readonly registry: HealthCheckRegistry,
  ) {}

  liveness(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), version: VERSION };
  }

  async database(): Promise<DatabaseHealthDto> {
    const check = await timed('database', () => this.prisma.$queryRaw`SELECT 1`);
    if (check.status !== 'ok') {
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, `The database is unavailable: ${check.error}`);
    }
    return { status: 'ok', latencyMs: check.latencyMs };
  }

  async readiness(): Promise<ReadinessDto> {
    const checks = await Promise.all([
      timed('database', () => this.prisma.$queryRaw`SELECT 1`),
      ...this.registry.entries().map(([name, probe]) => timed(name, probe)),
    ]);
    const status = checks.every((check) => check.status === 'ok') ? 'ok' : 'down';
    if (status === 'down') {
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, 'Some dependencies are down.', undefined, { status, checks });
    }
    return { status, checks };
  }
}
