// Placeholder: replaced by the feature's page.
export function CheckInRoute() {
  return null;
}
