import { Injectable, type LoggerService } from '@nestjs/common';
import winston from 'winston';
import { requestContext } from './request-context.js';

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  silent?: boolean;
}

const addRequestContext = winston.format((info) => {
  const context = requestContext.getStore();
  if (context) {
    info.requestId ??= context.requestId;
    if (context.userId) info.userId ??= context.userId;
    if (context.orgId) info.orgId ??= context.orgId;
  }
  if (info.err instanceof Error) {
    info.err = { name: info.err.name, message: info.err.message, stack: info.err.stack };
  }
  return info;
});

/** Winston behind Nest's LoggerService: JSON lines in production, readable lines locally, request id on each. */
@Injectable()
export class AppLogger implements LoggerService {
  private readonly winston: winston.Logger;

  constructor(options: LoggerOptions) {
    const format =
      options.format === 'json'
        ? winston.format.combine(addRequestContext(), winston.format.timestamp(), winston.format.json())
        : winston.format.combine(
            addRequestContext(),
            winston.format.timestamp({ format: 'HH:mm:ss' }),
            winston.format.colorize(),
            winston.format.printf(({ timestamp, level, message, context, requestId, ...rest }) => {
              const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
              return `${timestamp} ${level} ${context ? `[${context}] ` : ''}${message}${requestId ? ` (${requestId})` : ''}${extra}`;
            }),
          );
    this.winston = winston.createLogger({ level: options.level, format, silent: options.silent, transports: [new winston.transports.Console()] });
  }

  log(message: unknown, ...meta: unknown[]) {
    this.write('info', message, meta);
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.winston.info(message, meta);
  }
  error(message: unknown, ...meta: unknown[]) {
    this.write('error', message, meta);
  }
  warn(message: unknown, ...meta: unknown[]) {
    this.write('warn', message, meta);
  }
  debug(message: unknown, ...meta: unknown[]) {
    this.write('debug', message, meta);
  }
  verbose(message: unknown, ...meta: unknown[]) {
    this.write('verbose', message, meta);
  }

  /** Nest calls `log(message, context)`; our own code calls `log(message, { ...fields })`. */
  private write(level: string, message: unknown, meta: unknown[]) {
    const fields: Record<string, unknown> = {};
    for (const item of meta) {
      if (typeof item === 'string') fields.context = item;
      else if (item instanceof Error) fields.err = item;
      else if (item && typeof item === 'object') Object.assign(fields, item);
    }
    this.winston.log(level, typeof message === 'string' ? message : JSON.stringify(message), fields);
  }
}
