// Placeholder: replaced by the feature's page.
export function ContactsImportRoute() {
  return null;
}
