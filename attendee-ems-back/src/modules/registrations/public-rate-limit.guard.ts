import { HttpStatus, Inject, Injectable, UseGuards, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { isIP } from 'node:net';
import type { Request } from 'express';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** How many people one address may stand for (a company behind one NAT) before it is slowed down. */
const PEOPLE_PER_ADDRESS = 20;
const WINDOW_MS = 60_000;

/**
 * An IPv6 client owns a whole /64 and can pick a new address per request: it is counted by that
 * prefix. IPv4 (and IPv4-mapped IPv6) addresses are counted as they are.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Public endpoints are limited per visitor, not per address alone: a request is counted against
 * the client address (a generous ceiling, so a whole company behind one NAT can register) and,
 * when it names an email, against that address + email (the normal limit). Page loads (GET) and
 * submissions have separate address ceilings, so a rush of people opening the form does not use up
 * the registrations of the same office. The client address is Express's `req.ip`, which honours
 * X-Forwarded-For only from TRUST_PROXY. Counters live in this process: with N API processes the
 * ceiling is N times higher, and nginx adds its own per-address zones (nginx/attendee/http.conf).
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { startsAt: number; count: number }>();
  private lastSweep = Date.now();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const limit = this.config.http.publicRateLimitPerMinute;
    if (limit === 0) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const now = Date.now();
    if (now - this.lastSweep > WINDOW_MS) this.sweep(now);
    const client = clientKey(request.ip);
    const kind = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
    const email = typeof request.body?.email === 'string' ? request.body.email.trim().toLowerCase().slice(0, 320) : null;
    const checks: Array<[string, number]> = [[`${kind}:${client}`, limit * PEOPLE_PER_ADDRESS]];
    if (email) checks.push([`email:${client}:${email}`, limit]);
    for (const [key, max] of checks) {
      const window = this.windows.get(key);
      if (!window || now - window.startsAt >= WINDOW_MS) {
        this.windows.set(key, { startsAt: now, count: 1 });
        continue;
      }
      window.count += 1;
      if (window.count > max) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.startsAt + WINDOW_MS - now) / 1000));
        throw new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED, 'Too many requests; please wait a moment.', undefined, { retryAfterSeconds });
      }
    }
    return true;
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (now - window.startsAt >= WINDOW_MS) this.windows.delete(key);
    this.lastSweep = now;
  }
}

export const PublicRateLimit = () => applyDecorators(UseGuards(PublicRateLimitGuard));
