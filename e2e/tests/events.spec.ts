import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('admin@example.com');
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Admin123!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an organiser creates and publishes an event with a conditional question, a visitor registers from a phone, the organiser approves them', async ({ page, browser, baseURL }) => {
  const suffix = Date.now().toString(36);
  const eventName = `Journée clients ${suffix}`;
  const visitor = { firstName: 'Léa', lastName: `Martin-${suffix}`, email: `lea.${suffix}@example.org` };

  await logIn(page);

  // Events list → the three-step creation flow.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Événements' }).click();
  await expect(page.getByRole('heading', { name: 'Événements', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Nouvel événement' }).click();

  await page.getByRole('textbox', { name: 'Nom de l’événement' }).fill(eventName);
  await page.getByRole('textbox', { name: 'Début', exact: true }).fill('2030-06-12T09:00');
  await page.getByRole('textbox', { name: 'Fin', exact: true }).fill('2030-06-12T18:00');
  await page.getByRole('button', { name: 'Continuer' }).click();

  await page.getByRole('textbox', { name: 'Capacité' }).fill('50');
  await page.getByRole('checkbox', { name: /Valider chaque inscription/ }).check();
  await page.getByRole('button', { name: 'Continuer' }).click();

  const review = page.getByTestId('event-review');
  await expect(review).toContainText(eventName);
  await expect(review).toContainText('50 places');
  await expect(review).toContainText('Inscriptions validées par l’organisateur');
  await page.getByRole('button', { name: 'Créer l’événement' }).click();

  // Lands on the event page, as a draft.
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: eventName, level: 1 })).toBeVisible();
  await expect(page.getByTestId('event-status')).toHaveText('Brouillon');

  // Form builder: "Je déjeune" (checkbox) then "Menu" (single choice) shown only when it is ticked.
  await page.getByRole('tab', { name: 'Formulaire' }).click();
  await page.getByRole('button', { name: 'Ajouter une question' }).click();
  let dialog = page.getByRole('dialog', { name: 'Ajouter une question' });
  await choose(page, 'Type de réponse', 'Case à cocher');
  await dialog.getByRole('textbox', { name: 'Libellé (français)' }).fill('Je déjeune');
  await dialog.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Ajouter une question' }).click();
  dialog = page.getByRole('dialog', { name: 'Ajouter une question' });
  await choose(page, 'Type de réponse', 'Choix unique');
  await dialog.getByRole('textbox', { name: 'Libellé (français)' }).fill('Menu');
  await dialog.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await expect(dialog).toBeHidden();

  const editor = page.getByTestId('field-editor');
  await expect(editor).toContainText('Réglages de « Menu »');
  await editor.getByRole('textbox', { name: 'Libellé (anglais)' }).fill('Lunch menu');
  await editor.getByRole('textbox', { name: 'Choix 1 (français)' }).fill('Végétarien');
  await editor.getByRole('button', { name: 'Ajouter un choix' }).click();
  await editor.getByRole('textbox', { name: 'Choix 2 (français)' }).fill('Classique');
  await editor.getByRole('switch', { name: 'Afficher cette question seulement si…' }).check();
  const rule = editor.getByTestId('condition-rule');
  await expect(rule.getByRole('combobox', { name: 'Question' })).toHaveValue('Je déjeune');
  await expect(rule.getByRole('combobox', { name: 'Condition' })).toHaveValue('est coché');

  // The live preview is the real public form: the menu appears only once lunch is ticked.
  const preview = page.getByTestId('form-preview');
  await expect(preview.getByLabel('Menu')).toHaveCount(0);
  await preview.getByRole('checkbox', { name: 'Je déjeune' }).check();
  await expect(preview.getByRole('combobox', { name: 'Menu' })).toBeVisible();

  await page.getByRole('button', { name: 'Enregistrer le formulaire' }).click();
  await expect(page.getByText('Formulaire enregistré.')).toBeVisible();

  // Publish, and read the public link.
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(page.getByTestId('event-status')).toHaveText('Publié');
  await page.getByRole('tab', { name: 'Vue d’ensemble' }).click();
  const publicUrl = new URL((await page.getByTestId('public-link').getAttribute('href'))!);

  // A visitor on a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true, hasTouch: true, baseURL });
  const visitorPage = await phone.newPage();
  await visitorPage.goto(publicUrl.pathname);
  await expect(visitorPage.getByRole('heading', { name: eventName, level: 1 })).toBeVisible();
  await expect(visitorPage.getByText('Les inscriptions sont validées par l’organisateur')).toBeVisible();

  // Live validation with the shared validator: an empty submit shows the errors and focuses the first.
  await visitorPage.getByRole('button', { name: 'Je m’inscris' }).click();
  await expect(visitorPage.getByRole('alert').filter({ hasText: 'réponse(s) à corriger' })).toBeVisible();
  await expect(visitorPage.getByRole('textbox', { name: 'Prénom', exact: true })).toBeFocused();
  await expect(visitorPage.getByText('Ce champ est obligatoire.').first()).toBeVisible();

  await visitorPage.getByRole('textbox', { name: 'Prénom', exact: true }).fill(visitor.firstName);
  await visitorPage.getByRole('textbox', { name: 'Nom', exact: true }).fill(visitor.lastName);
  await visitorPage.getByRole('textbox', { name: 'E-mail', exact: true }).fill('lea@invalid');
  await visitorPage.getByRole('textbox', { name: 'E-mail', exact: true }).blur();
  await expect(visitorPage.getByText('Adresse e-mail invalide.')).toBeVisible();
  await visitorPage.getByRole('textbox', { name: 'E-mail', exact: true }).fill(visitor.email);

  await expect(visitorPage.getByRole('combobox', { name: 'Menu' })).toHaveCount(0);
  await visitorPage.getByRole('checkbox', { name: 'Je déjeune' }).check();
  await expect(visitorPage.getByRole('combobox', { name: 'Menu' })).toBeVisible();
  await visitorPage.getByRole('combobox', { name: 'Menu' }).selectOption({ label: 'Végétarien' });

  const submitted = visitorPage.waitForRequest((request) => request.method() === 'POST' && request.url().includes('/registrations'));
  await visitorPage.getByRole('button', { name: 'Je m’inscris' }).click();
  expect((await submitted).headers()['idempotency-key'], 'each submit carries an Idempotency-Key').toBeTruthy();
  await expect(visitorPage.getByRole('heading', { name: 'Demande reçue' })).toBeVisible();
  await expect(visitorPage.getByTestId('confirmation-number')).toHaveText(/\S+/);
  await phone.close();

  // The organiser sees them, awaiting, and approves them.
  await page.getByRole('tab', { name: 'Inscriptions' }).click();
  const row = page.getByTestId('registration-row').filter({ hasText: visitor.lastName });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('registration-status')).toHaveText('En attente');
  await row.getByRole('checkbox', { name: `Sélectionner ${visitor.firstName} ${visitor.lastName}` }).check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Approuver' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approuver' }).click();
  await expect(row.getByTestId('registration-status')).toHaveText('Confirmée');

  // Their answers are in the drawer.
  await row.getByRole('button', { name: `Ouvrir la fiche de ${visitor.firstName} ${visitor.lastName}` }).click();
  const drawer = page.getByTestId('registration-drawer');
  await expect(drawer).toContainText('Végétarien');
  await expect(drawer).toContainText(visitor.email);
  // …with the emails the visitor was sent: received, then approved.
  await expect(drawer.getByRole('heading', { name: 'E-mails envoyés' })).toBeVisible();
  await expect(drawer).toContainText(`Inscription reçue : ${eventName}`);
  await expect(drawer).toContainText(`Inscription confirmée : ${eventName}`);
});
