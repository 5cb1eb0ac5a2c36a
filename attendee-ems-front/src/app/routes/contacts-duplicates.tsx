// Placeholder: replaced by the feature's page.
export function ContactsDuplicatesRoute() {
  return null;
}
