// Placeholder: replaced by the feature's page.
export function BadgeDesignerRoute() {
  return null;
}
