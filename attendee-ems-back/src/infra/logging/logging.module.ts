import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppLogger } from './app-logger.js';

@Global()
@Module({
  providers: [
    {
      provide: AppLogger,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AppLogger({ level: config.log.level, format: config.log.format, silent: config.env === 'test' && config.log.level === 'error' }),
    },
  ],
  exports: [AppLogger],
})
export class LoggingModule {}
