// Placeholder: replaced by the feature's page.
export function CheckInStationRoute() {
  return null;
}
