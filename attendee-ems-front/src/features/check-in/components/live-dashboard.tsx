// Placeholder: replaced by the live dashboard.
export function LiveDashboard(_props: { eventId: string }) {
  return null;
}
