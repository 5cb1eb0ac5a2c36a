// Placeholder: replaced by the feature's page.
export function ContactsRoute() {
  return null;
}
