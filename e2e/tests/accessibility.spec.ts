import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ADMIN = { email: 'admin@example.com', password: 'Admin123!' };
const DEMO_EVENT = 'Salon Tech Paris 2027';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Waits for transitions (Mantine drawers and modals fade in) so colours are read at rest. */
async function settle(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules on the page as it is, and records (softly, so one run
 * lists every page's problems) each serious or critical violation with its nodes.
 * axe is evaluated through the DevTools protocol: the app's CSP forbids inline scripts, rightly.
 */
async function expectAccessible(page: Page, label: string) {
  await settle(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, html, failureSummary }) => ({ target, html: html.slice(0, 160), failureSummary })),
    }));
  }, WCAG_21_AA);
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = blocking
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    - ${JSON.stringify(node.target)} ${node.html}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`);
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n${nodes.join('\n')}`;
    })
    .join('\n');
  expect.soft(blocking.length, `${label}: serious or critical WCAG 2.1 A/AA violations\n${report}`).toBe(0);
}

async function demoEvent(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  const list = await request.get('/api/events?pageSize=100&when=all', { headers });
  const { items } = (await list.json()) as { items: Array<{ id: string; name: string }> };
  const id = items.find((item) => item.name === DEMO_EVENT)?.id;
  expect(id, 'the demo seed has its published fair').toBeTruthy();
  const detail = await request.get(`/api/events/${id}`, { headers });
  const { publicToken, status } = (await detail.json()) as { publicToken: string; status: string };
  expect(status).toBe('published');
  // Someone the door can let in: from the middle of the list, which the check-in journeys leave alone.
  const snapshot = await request.get(`/api/events/${id}/check-in/snapshot`, { headers });
  const { registrations } = (await snapshot.json()) as { registrations: Array<{ credential: string; status: string; isInside: boolean; credentialRevoked: boolean }> };
  const admissible = registrations.filter((person) => person.status === 'approved' && !person.isInside && !person.credentialRevoked);
  expect(admissible.length, 'approved people not yet inside').toBeGreaterThan(10);
  return { id: id!, publicToken, credential: admissible[Math.floor(admissible.length / 2)]!.credential };
}

interface FocusStop {
  key: string;
  isInForm: boolean;
  top: number;
  left: number;
  outline: string;
  boxShadow: string;
}

/** What has the keyboard focus, where it sits, and how the focus is drawn. */
function focusStop(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const key = element instanceof HTMLInputElement && element.type === 'radio' ? `radio:${element.name}` : element.id || `${element.tagName}:${element.textContent?.trim()}`;
    return {
      key,
      isInForm: Boolean(element.closest('form')),
      top: rect.top + window.scrollY,
      left: rect.left + window.scrollX,
      outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none' : `${style.outlineStyle} ${style.outlineWidth}`,
      boxShadow: style.boxShadow,
    };
  });
}

/** Visible form controls in document order, one stop per radio group (Tab enters a group once). */
function expectedFormStops(page: Page): Promise<string[]> {
  return page.locator('form').evaluate((form) => {
    const keys: string[] = [];
    for (const element of form.querySelectorAll<HTMLElement>('input, select, textarea, button')) {
      if (element.hasAttribute('disabled') || element.getClientRects().length === 0) continue;
      const key = element instanceof HTMLInputElement && element.type === 'radio' ? `radio:${element.name}` : element.id || `${element.tagName}:${element.textContent?.trim()}`;
      if (!keys.includes(key)) keys.push(key);
    }
    return keys;
  });
}

async function phonePage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ ...PHONE, locale: 'fr-FR', baseURL });
  return { context, page: await context.newPage() };
}

test('the public form, its confirmation, the personal page and the embed are accessible on a phone, in French and in English', async ({ browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const { publicToken } = await demoEvent(request);
  const suffix = Date.now().toString(36);
  const { context, page } = await phonePage(browser, baseURL);

  await page.goto(`/e/${publicToken}`);
  await expect(page.getByRole('heading', { name: DEMO_EVENT, level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Inscription', level: 2 })).toBeVisible();
  await expectAccessible(page, 'public form (fr)');

  // Keyboard: from the top of the page, Tab walks the language switch then every control of the
  // form down to the submit button, in the order they are laid out, each with a visible focus ring.
  const expected = await expectedFormStops(page);
  expect(expected.at(-1), 'the submit button closes the form').toBe('BUTTON:Je m’inscris');
  const stops: FocusStop[] = [];
  for (let press = 0; press < expected.length + 10; press += 1) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    expect(stop, `Tab ${press + 1} focuses something`).not.toBeNull();
    stops.push(stop!);
    if (stop!.key === 'BUTTON:Je m’inscris') break;
  }
  expect(stops.filter((stop) => stop.isInForm).map((stop) => stop.key)).toEqual(expected);
  for (const [index, stop] of stops.entries()) {
    expect(stop.outline !== 'none' || stop.boxShadow !== 'none', `${stop.key} shows where the focus is`).toBe(true);
    const previous = stops[index - 1];
    if (!previous) continue;
    const isBelow = stop.top > previous.top + 1;
    const isSameRowFurtherRight = Math.abs(stop.top - previous.top) <= 1 && stop.left > previous.left;
    expect(isBelow || isSameRowFurtherRight, `${stop.key} comes after ${previous.key} on the screen`).toBe(true);
  }

  // The language switch: English labels, and <html lang> follows (screen readers change voice).
  await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Registration', level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register' })).toBeVisible();
  await expectAccessible(page, 'public form (en)');

  // An empty submit: the summary is announced, the first invalid answer (the attendee type, at the
  // top of the form) takes the focus.
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'need your attention' })).toBeVisible();
  await expect(page.getByRole('radio').first()).toBeFocused();
  await expect(page.getByRole('radio').first()).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'First name' })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'public form with errors (en)');

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('alert').filter({ hasText: 'réponse(s) à corriger' })).toBeVisible();
  await expect(page.getByText('Ce champ est obligatoire.').first()).toBeVisible();
  await expectAccessible(page, 'public form with errors (fr)');

  // A valid registration, then the confirmation (its heading takes the focus).
  await page.getByRole('textbox', { name: 'Prénom', exact: true }).fill('Alex');
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(`Accessible-${suffix}`);
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(`a11y.${suffix}@example.org`);
  await page.getByRole('textbox', { name: 'Société', exact: true }).fill('Lecteur d’écran SA');
  await page.getByRole('combobox', { name: 'Participation' }).selectOption({ label: 'Sur place' });
  await page.getByRole('radio', { name: /^Visiteur/ }).check();
  await page.getByRole('checkbox', { name: /J’accepte que mes données/ }).check();
  await page.getByRole('button', { name: 'Je m’inscris' }).click();
  const confirmation = page.getByRole('heading', { name: 'Inscription confirmée', level: 2 });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toBeFocused();
  await expect(page.getByTestId('confirmation-number')).toHaveText(/\S+/);
  await expectAccessible(page, 'registration confirmed (fr)');
  // The form's button style outside the form: axe only "needs review" white text on no background (1:1).
  await expect(page.getByRole('link', { name: 'Voir mon inscription' })).toHaveCSS('background-color', 'rgb(28, 100, 217)');

  // The personal page it links to, in both languages, and its cancellation question.
  await page.getByRole('link', { name: 'Voir mon inscription' }).click();
  await expect(page).toHaveURL(/\/r\/[^/?]+/);
  await expect(page.getByRole('heading', { name: `Bonjour Alex Accessible-${suffix}`, level: 2 })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code à présenter à l’entrée' })).toBeVisible();
  await expectAccessible(page, 'personal page (fr)');
  await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: `Hello Alex Accessible-${suffix}`, level: 2 })).toBeVisible();
  await expectAccessible(page, 'personal page (en)');
  await page.getByRole('button', { name: 'Cancel my registration' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Cancel your registration?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Cancel your registration?' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Yes, cancel my registration' })).toHaveCSS('background-color', 'rgb(201, 42, 42)');
  await expectAccessible(page, 'personal page, cancellation question (en)');
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await expect(page.getByRole('button', { name: 'Cancel my registration' })).toBeFocused();

  // The embeddable form, as a site's iframe shows it.
  await page.goto(`/embed/${publicToken}?lang=en`);
  await expect(page.getByRole('heading', { name: DEMO_EVENT, level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, 'embed (en)');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'need your attention' })).toBeVisible();
  await expectAccessible(page, 'embed with errors (en)');
  await context.close();
});

test('the dashboard pages an organiser works in are accessible: events, an event, its registrations and drawer, the form builder, contacts, the check-in station', async ({ page, request }) => {
  test.setTimeout(150_000);
  const { id: eventId, credential } = await demoEvent(request);

  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Connexion', level: 1 })).toBeVisible();
  await expectAccessible(page, 'login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav).toBeVisible();

  await nav.getByRole('link', { name: 'Événements' }).click();
  await expect(page.getByRole('heading', { name: 'Événements', level: 1 })).toBeVisible();
  await expect(page.getByText(DEMO_EVENT).first()).toBeVisible();
  await expectAccessible(page, 'events list');

  await page.goto(`/events/${eventId}`);
  await expect(page.getByRole('heading', { name: DEMO_EVENT, level: 1 })).toBeVisible();
  await expect(page.getByTestId('public-link')).toBeVisible();
  await expectAccessible(page, 'event overview');

  await page.getByRole('tab', { name: 'Inscriptions' }).click();
  const row = page.getByTestId('registration-row').first();
  await expect(row).toBeVisible();
  await expectAccessible(page, 'registrations tab');
  await row.getByRole('button', { name: /^Ouvrir la fiche de / }).click();
  const drawer = page.getByTestId('registration-drawer');
  await expect(drawer.getByRole('heading', { name: 'E-mails envoyés' })).toBeVisible();
  await expectAccessible(page, 'registrations tab, drawer open');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await page.getByRole('tab', { name: 'Formulaire' }).click();
  await expect(page.getByTestId('form-preview').getByRole('textbox', { name: 'Prénom' })).toBeVisible();
  await expectAccessible(page, 'form builder');

  await nav.getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  await expectAccessible(page, 'contacts list');

  await page.goto(`/check-in/${eventId}/scan?gate=${encodeURIComponent('Porte A')}`);
  await expect(page.getByRole('heading', { name: DEMO_EVENT, level: 1 })).toBeVisible();
  await expect(page.getByTestId('station-connection')).toHaveText('En ligne');
  await expectAccessible(page, 'check-in station');

  // The answers a door operator reads at a glance: green, then amber for the same badge again.
  const badge = page.getByRole('textbox', { name: 'Code du badge' });
  const result = page.getByTestId('scan-result');
  await badge.fill(credential);
  await badge.press('Enter');
  await expect(result).toHaveAttribute('data-result', 'OK');
  await expectAccessible(page, 'check-in station, entry accepted');
  await badge.fill(credential);
  await badge.press('Enter');
  await expect(result).toHaveAttribute('data-result', 'ALREADY_CHECKED_IN');
  await expectAccessible(page, 'check-in station, already inside');
});
