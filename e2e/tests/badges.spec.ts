import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('admin@example.com');
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Admin123!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

/** pdfinfo / pdftotext (poppler-utils) on the bytes the browser received. */
function readPdf(bytes: Buffer): { text: string; pageSize: [number, number]; pages: number } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'badge-e2e-')), 'badge.pdf');
  fs.writeFileSync(file, bytes);
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    const pages = /Pages:\s+(\d+)/.exec(info);
    return { text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }), pageSize: [Number(size?.[1]), Number(size?.[2])], pages: Number(pages?.[1]) };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const MM_TO_PT = 72 / 25.4;

// The check-in PWA's service worker would serve fetches itself, hiding response bodies from the test.
test.use({ serviceWorkers: 'block' });

test('an organiser designs a badge bound to the first name, makes it the event default, and prints one attendee’s badge', async ({ page }) => {
  // A long journey on a shared 2-core machine: designer, event page, registrations, PDF.
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const templateName = `Badge accueil ${suffix}`;
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
  // Headless Chromium has no print dialog (print() on a PDF frame crashes it): count the calls instead.
  await page.addInitScript(() => {
    window.print = () => {
      const top = window.top as unknown as { printCalls?: number };
      top.printCalls = (top.printCalls ?? 0) + 1;
    };
  });
  await logIn(page);

  // Templates list → a new A6 template.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Badges' }).click();
  await expect(page.getByRole('heading', { name: 'Modèles de badges', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Nouveau modèle' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouveau modèle de badge' });
  await dialog.getByRole('textbox', { name: 'Nom du modèle' }).fill(templateName);
  await expect(dialog.getByRole('combobox', { name: 'Format' })).toHaveValue('A6 (105 × 148 mm)');
  await dialog.getByRole('button', { name: 'Créer et dessiner' }).click();
  await expect(page).toHaveURL(/\/badges\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Badge « ${templateName} »`, level: 1 })).toBeVisible();

  // Add a text element and bind it to the first name.
  await page.getByRole('button', { name: 'Ajouter un élément' }).click();
  await page.getByRole('menuitem', { name: 'Texte' }).click();
  const properties = page.getByTestId('element-properties');
  await expect(properties).toBeVisible();
  await properties.getByRole('combobox', { name: 'Variable' }).click();
  await page.getByRole('option', { name: 'Prénom', exact: true }).click();
  await expect(properties.getByRole('textbox', { name: 'Contenu' })).toHaveValue('{{firstName}}');
  await expect(page.getByTestId('badge-canvas')).toContainText('Camille');
  await expect(page.getByTestId('dirty-badge')).toBeVisible();

  // Move it with the keyboard (from the layer list), undo, redo.
  const x = properties.getByRole('textbox', { name: 'X', exact: true });
  const y = properties.getByRole('textbox', { name: 'Y', exact: true });
  await expect(x).toHaveValue('10.5 mm');
  await page.getByTestId('badge-layers').getByRole('button', { name: /Texte — \{\{firstName\}\}/ }).click();
  const element = page.getByTestId('badge-canvas').getByRole('button', { name: /^Texte — \{\{firstName\}\}/ });
  await expect(element).toBeFocused();
  await element.press('ArrowRight');
  await element.press('ArrowRight');
  await element.press('Shift+ArrowUp');
  await expect(x).toHaveValue('12.5 mm');
  await expect(y).toHaveValue('63 mm');
  await page.getByRole('button', { name: 'Annuler (Ctrl+Z)' }).click();
  await expect(x).toHaveValue('10.5 mm');
  await expect(y).toHaveValue('68 mm');
  await page.getByRole('button', { name: 'Rétablir (Ctrl+Maj+Z)' }).click();
  await expect(x).toHaveValue('12.5 mm');

  // Drag it down with the mouse: the 1 mm grid keeps whole millimetres.
  const box = (await element.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  const movedY = Number.parseFloat(await y.inputValue());
  expect(movedY).toBeGreaterThan(63);
  expect(Number.isInteger(movedY)).toBe(true);

  // The server's rendering of the unsaved layout is shown.
  await expect(page.getByTestId('server-preview-image')).toBeVisible();

  await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
  await expect(page.getByText('Modèle enregistré.')).toBeVisible();
  await expect(page.getByTestId('dirty-badge')).toHaveCount(0);

  // A demo event uses it as its default.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Événements' }).click();
  await page.getByRole('link', { name: 'Salon Tech Paris 2027' }).first().click();
  await page.getByRole('tab', { name: 'Badges' }).click();
  const panel = page.getByTestId('event-badges');
  await panel.getByRole('combobox', { name: 'Modèle par défaut de l’événement' }).click();
  await page.getByRole('option', { name: templateName, exact: true }).click();
  await expect(page.getByText('Modèle de l’événement enregistré.')).toBeVisible();
  await expect(panel.getByRole('combobox', { name: 'Modèle par défaut de l’événement' })).toHaveValue(templateName);

  // Registrations → one attendee's drawer → "Imprimer le badge".
  await page.getByRole('tab', { name: 'Inscriptions' }).click();
  const open = page.getByRole('button', { name: /^Ouvrir la fiche de / }).first();
  const fullName = ((await open.getAttribute('aria-label')) ?? '').replace('Ouvrir la fiche de ', '');
  const firstName = fullName.split(' ')[0]!;
  expect(firstName.length).toBeGreaterThan(1);
  await open.click();
  const drawer = page.getByTestId('registration-drawer');
  // Capture the PDF the API serves on its way to the page (fetched with the page's own headers).
  let served: { status: number; contentType: string; body: Buffer } | null = null;
  await page.route(/\/registrations\/[0-9a-f-]{36}\/badge\.pdf$/, async (route) => {
    const response = await route.fetch();
    served = { status: response.status(), contentType: response.headers()['content-type'] ?? '', body: await response.body() };
    await route.fulfill({ response, body: served.body });
  });
  await drawer.getByRole('button', { name: 'Imprimer le badge' }).click();
  await expect.poll(() => served !== null).toBe(true);
  const { status, contentType, body: bytes } = served!;
  expect(status).toBe(200);
  expect(contentType).toContain('application/pdf');
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdf = readPdf(bytes);
  const download = page.getByTestId('badge-download');
  await expect(download).toHaveAttribute('href', /^blob:/);
  const href = (await download.getAttribute('href'))!;
  expect(pdf.pages).toBe(1);
  expect(pdf.pageSize[0]).toBeCloseTo(105 * MM_TO_PT, 0);
  expect(pdf.pageSize[1]).toBeCloseTo(148 * MM_TO_PT, 0);
  expect(pdf.text).toContain(firstName);
  // Only the first name was placed on the badge.
  expect(pdf.text).not.toContain(fullName.slice(firstName.length + 1));

  // The print dialog is opened from a hidden frame on the same file; the download link stays as a fallback.
  await expect(page.locator('iframe[data-testid="badge-print-frame"]')).toHaveAttribute('src', href);
  await expect(download).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printCalls?: number }).printCalls ?? 0)).toBe(1);
  expect(cspViolations, 'the print frame and previews load under the CSP').toEqual([]);

  // The print is in the event's history.
  await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click();
  await expect(drawer).toHaveCount(0);
  await page.getByRole('tab', { name: 'Badges' }).click();
  await expect(page.getByTestId('badge-print-stats')).toContainText('1 badge(s) imprimé(s)');
  await expect(page.getByRole('cell', { name: fullName, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Réimprimer le badge de ${fullName}` })).toBeVisible();
});
