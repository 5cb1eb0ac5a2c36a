// Placeholder: replaced by the feature's page.
export function BadgesRoute() {
  return null;
}
