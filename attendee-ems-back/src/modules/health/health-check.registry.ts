import { Injectable } from '@nestjs/common';

export type HealthProbe = () => Promise<void>;

/**
 * Infrastructure adapters register a probe here (storage, mail, jobs…) so readiness covers every
 * dependency without the health module importing each one.
 */
@Injectable()
export class HealthCheckRegistry {
  private readonly probes = new Map<string, HealthProbe>();

  register(name: string, probe: HealthProbe) {
    this.probes.set(name, probe);
  }

  entries() {
    return [...this.probes.entries()];
  }
}
