import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('admin@example.com');
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Admin123!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

test('an organiser imports a CSV of contacts: mapping guessed, dry run, run, then finds the person in the contacts list', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const zoe = { firstName: 'Zoé', lastName: `Durand-${suffix}`, email: `zoe.${suffix}@example.org` };
  // French headers, a semicolon separator as Excel writes it in France, and one bad email.
  const csv = [
    'Prénom;Nom;Courriel;Société',
    `${zoe.firstName};${zoe.lastName};${zoe.email};ACME`,
    `Marc;Petit-${suffix};marc.${suffix}@example.org;`,
    `Paul;Faux-${suffix};pas-un-email;Nulle part`,
  ].join('\r\n');

  await logIn(page);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Importer' }).first().click();
  await expect(page.getByRole('heading', { name: 'Importer des contacts', level: 1 })).toBeVisible();

  // 1. Upload.
  await page.getByLabel('Fichier à importer').setInputFiles({ name: `contacts-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByTestId('import-dropzone')).toContainText(`contacts-${suffix}.csv`);
  await page.getByRole('button', { name: 'Envoyer le fichier' }).click();

  // 2. Mapping guessed from the French headers, with samples.
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping.getByRole('combobox', { name: 'E-mail' })).toHaveValue('Courriel');
  await expect(mapping.getByRole('combobox', { name: 'Prénom' })).toHaveValue('Prénom');
  await expect(mapping.getByRole('combobox', { name: 'Nom', exact: true })).toHaveValue('Nom');
  await expect(mapping.getByRole('combobox', { name: 'Société' })).toHaveValue('Société');
  await expect(mapping).toContainText(zoe.email);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();

  // 3. Dry run: two to create, one error naming the bad row.
  await expect(page.getByTestId('count-created')).toContainText('2');
  await expect(page.getByTestId('count-errors')).toContainText('1');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('pas-un-email');
  await expect(problems).toContainText('Adresse e-mail invalide');
  await expect(problems.getByRole('row')).toHaveCount(2);

  // 4. Run, 5. result.
  await page.getByRole('button', { name: /Lancer l’import \(2 ligne/ }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('Import terminé', { timeout: 30_000 });
  await expect(result.getByTestId('count-created')).toContainText('2');
  await expect(result.getByTestId('count-errors')).toContainText('1');

  // The imported person is in the contacts list (search forgives the missing accent) and has a page.
  await result.getByRole('link', { name: 'Voir les contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole('searchbox', { name: 'Rechercher un contact' }).fill(`zoe durand-${suffix}`);
  await expect(page).toHaveURL(new RegExp(`search=zoe`));
  const row = page.getByTestId('contact-row').filter({ hasText: zoe.email });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: `${zoe.firstName} ${zoe.lastName}` }).click();

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `${zoe.firstName} ${zoe.lastName}`, level: 1 })).toBeVisible();
  await expect(page.getByText('ACME').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Historique des modifications' }).click();
  await expect(page.getByText('Import', { exact: true }).first()).toBeVisible();
});
