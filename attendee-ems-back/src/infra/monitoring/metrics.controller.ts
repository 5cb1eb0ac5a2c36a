import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { MetricsService } from './metrics.service.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus scrape endpoint. With METRICS_TOKEN set, the scraper must present it
 * (`Authorization: Bearer …` or `?token=…`). Without one, only loopback callers are answered;
 * `req.ip` honours TRUST_PROXY, so a request relayed by NGINX counts as its real client, not as
 * loopback.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() request: Request, @Res() response: Response) {
    this.authorize(request);
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }

  private authorize(request: Request) {
    const expected = this.config.metricsToken;
    if (expected) {
      const header = request.headers.authorization;
      const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
      const query = typeof request.query.token === 'string' ? request.query.token : undefined;
      const given = bearer ?? query;
      if (given && sameSecret(given, expected)) return;
      throw AppException.forbidden(ErrorCode.FORBIDDEN, 'A valid metrics token is required.');
    }
    if (!LOOPBACK.has(request.ip ?? '')) throw AppException.forbidden(ErrorCode.FORBIDDEN, 'Metrics are only served to loopback callers unless METRICS_TOKEN is set.');
  }
}
