// Placeholder: replaced by the feature's page.
export function AuditLogRoute() {
  return null;
}
