import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

/**
 * Counts and times every request by its route pattern (`/api/events/:id`, never the raw URL, so
 * ids do not explode the label set); unmatched paths share the `unmatched` route.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const pattern = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : undefined;
      // A 404 answered by a catch-all (`/api*path`) is a miss, not a route.
      const route = !pattern || (response.statusCode === 404 && pattern.includes('*')) ? 'unmatched' : pattern;
      this.metrics.observe(request.method, route, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
