import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JOBS_OPTIONS, JobsService, type JobsOptions } from './jobs.service.js';

/** `JobsService` for every module. The API imports it with role 'api' (send only). */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions = { role: 'api' }): DynamicModule {
    return { module: JobsModule, providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobsService], exports: [JobsService] };
  }
}
