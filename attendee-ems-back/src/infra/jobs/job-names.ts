/** Queue names owned by the infrastructure. Features declare theirs next to their handlers. */
export const JobNames = {
  /** Wake the outbox dispatcher now (the loop also runs every few seconds). */
  mailDispatch: 'mail.dispatch',
  /** Requeue outbox rows left in 'sending' by a worker that died. */
  mailRecoverStuck: 'mail.recover-stuck',
  /** No-op scheduled job: proves the cron runs once per tick across all workers. */
  maintenanceHeartbeat: 'maintenance.heartbeat',
} as const;
