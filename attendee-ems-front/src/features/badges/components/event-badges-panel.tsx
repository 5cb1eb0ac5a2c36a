// Placeholder: replaced by the event's badge panel.
export function EventBadgesPanel(_props: { eventId: string }) {
  return null;
}
