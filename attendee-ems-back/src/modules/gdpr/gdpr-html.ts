/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SECTION_TITLES: Record<string, string> = {
  contact: 'Profil / Profile',
  revisions: 'Historique des modifications / Change history',
  notes: 'Notes',
  registrations: 'Inscriptions / Registrations',
  emails: 'E-mails envoyés / Emails sent',
  scans: 'Passages au contrôle d’accès / Check-in scans',
  audit: 'Journal d’audit / Audit log',
};

function valueHtml(value: unknown, depth = 0): string {
  if (value === null || value === undefined || value === '') return '<span class="empty">—</span>';
  if (value instanceof Date) return escapeHtml(value.toISOString());
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="empty">—</span>';
    if (value.every((item) => typeof item !== 'object' || item === null)) return escapeHtml(value.join(', '));
    return `<ol>${value.map((item) => `<li>${valueHtml(item, depth + 1)}</li>`).join('')}</ol>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return '<span class="empty">—</span>';
    if (depth > 4) return escapeHtml(JSON.stringify(value));
    return `<table>${entries.map(([key, item]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${valueHtml(item, depth + 1)}</td></tr>`).join('')}</table>`;
  }
  return escapeHtml(value);
}

/** The subject access export as a plain, printable document: one section per kind of data, every value escaped. */
export function renderGdprHtml(data: Record<string, unknown>): string {
  const contact = (data.contact ?? {}) as { firstName?: string; lastName?: string };
  const name = `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim();
  const sections = Object.entries(data)
    .filter(([key]) => key !== 'generatedAt')
    .map(([key, value]) => `<section><h2>${escapeHtml(SECTION_TITLES[key] ?? key)}</h2>${valueHtml(value)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Données personnelles / Personal data — ${escapeHtml(name)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #999; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { width: 14rem; background: #f4f4f4; font-weight: 600; } ol { padding-left: 1.25rem; } .empty { color: #777; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid-page; } }
</style>
</head>
<body>
<h1>Données personnelles / Personal data — ${escapeHtml(name)}</h1>
<p>Généré le / Generated on ${escapeHtml(data.generatedAt)}</p>
${sections}
</body>
</html>
`;
}
