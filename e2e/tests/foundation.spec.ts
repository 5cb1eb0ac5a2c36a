import { expect, test } from '@playwright/test';

test('an admin logs in, switches the interface to English, finds themself among the users and logs out', async ({ page }) => {
  await page.goto('/');

  // Signed out: the app sends us to the login page, in French by default.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Connexion', level: 1 })).toBeVisible();

  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('admin@example.com');
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Admin123!');
  const loginResponse = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const session = await (await loginResponse).json();
  expect(session.organization?.name, 'the demo admin lands in an organisation').toBeTruthy();

  // The shell: navigation and the current organisation's name.
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Utilisateurs' })).toBeVisible();
  await expect(page.getByTestId('current-organization')).toHaveText(session.organization.name);

  // FR → EN: the labels change in place, and <html lang> follows.
  await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
  const navEn = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(navEn.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(navEn.getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(navEn.getByRole('link', { name: 'Roles & permissions' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The users page lists the admin.
  await navEn.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByTestId('user-row').filter({ hasText: 'admin@example.com' })).toBeVisible();

  // Log out: back to the login page, and a reload does not bring the session back.
  await page.getByRole('button', { name: 'Open the account menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible();
});
