import { Global, Module } from '@nestjs/common';
import { HealthCheckRegistry } from './health-check.registry.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Global()
@Module({ controllers: [HealthController], providers: [HealthService, HealthCheckRegistry], exports: [HealthCheckRegistry] })
export class HealthModule {}
