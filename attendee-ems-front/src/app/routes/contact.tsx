// Placeholder: replaced by the feature's page.
export function ContactRoute() {
  return null;
}
