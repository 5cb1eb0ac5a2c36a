import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { EmailTemplates, EmailTemplateText } from '../api/get-email-templates';
import { EmailTemplatesEditor } from './email-templates-editor';

const EVENT_ID = '6f1c2b1e-7a51-4c55-9a8e-0d1f3b2c4e5a';
const PLACEHOLDERS = ['firstName', 'lastName', 'eventName', 'organizationName'];
const DEFAULTS: Record<string, Record<'fr' | 'en', EmailTemplateText>> = {
  received: {
    fr: { subject: 'Inscription reçue : {{eventName}}', body: 'Bonjour {{firstName}},\n\nNous avons bien reçu votre inscription.' },
    en: { subject: 'Registration received: {{eventName}}', body: 'Hello {{firstName}},\n\nWe have received your registration.' },
  },
  approved: {
    fr: { subject: 'Inscription confirmée : {{eventName}}', body: 'Bonjour {{firstName}},\n\nVotre inscription est confirmée.' },
    en: { subject: 'Registration confirmed: {{eventName}}', body: 'Hello {{firstName}},\n\nYour registration is confirmed.' },
  },
};
const KINDS = ['received', 'approved', 'refused', 'waitlisted', 'promoted', 'cancelled', 'reminder'] as const;

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** A small in-memory API: GET/PUT templates and the preview, recording every call. */
function stubApi(custom: Record<string, { fr?: EmailTemplateText; en?: EmailTemplateText }> = {}, options: { failSave?: unknown } = {}) {
  const state = structuredClone(custom);
  const calls: Call[] = [];
  const snapshot = (): EmailTemplates => ({
    placeholders: PLACEHOLDERS,
    templates: KINDS.map((kind) => ({
      kind,
      fr: state[kind]?.fr ?? null,
      en: state[kind]?.en ?? null,
      defaults: DEFAULTS[kind] ?? DEFAULTS.received!,
    })),
  });
  let failSave = options.failSave;
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    const body = request.method === 'GET' ? undefined : await request.json();
    calls.push({ method: request.method, path, body });
    const base = `/api/events/${EVENT_ID}/email-templates`;
    if (request.method === 'GET' && path === base) return jsonResponse(200, snapshot());
    const save = new RegExp(`^${base}/(\\w+)$`).exec(path);
    if (request.method === 'PUT' && save) {
      if (failSave) {
        const error = failSave;
        failSave = undefined;
        return jsonResponse(400, error);
      }
      const kind = save[1]!;
      const input = body as Record<'fr' | 'en', EmailTemplateText | null | undefined>;
      state[kind] ??= {};
      for (const locale of ['fr', 'en'] as const) {
        if (input[locale] === null) delete state[kind]![locale];
        else if (input[locale]) state[kind]![locale] = input[locale]!;
      }
      return jsonResponse(200, snapshot());
    }
    if (request.method === 'POST' && /\/preview$/.test(path)) {
      const { template } = body as { template: EmailTemplateText };
      const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => `[${name}]`);
      return jsonResponse(200, { subject: fill(template.subject), html: `<p>${fill(template.body)}</p>`, text: fill(template.body) });
    }
    return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}

const subjectInput = () => screen.getByRole('textbox', { name: /^Objet/ }) as HTMLInputElement;
const bodyInput = () => screen.getByRole('textbox', { name: /^Message/ }) as HTMLTextAreaElement;
const saveButton = () => screen.getByRole('button', { name: 'Enregistrer le modèle' }) as HTMLButtonElement;
const saves = (calls: Call[]) => calls.filter((call) => call.method === 'PUT');

async function renderEditor(canEdit = true) {
  renderWithProviders(<EmailTemplatesEditor eventId={EVENT_ID} canEdit={canEdit} />);
  await waitFor(() => expect(subjectInput().value).toBe('Inscription reçue : {{eventName}}'));
}

// Mantine renders slowly in jsdom on a busy machine: a generous per-test limit.
describe('EmailTemplatesEditor', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('inserts a placeholder where the caret was, in the field used last, and puts the caret after it', async () => {
    stubApi();
    const user = userEvent.setup();
    await renderEditor();

    const body = bodyInput();
    body.focus();
    body.setSelectionRange(0, 7); // "Bonjour" is selected: the placeholder replaces it
    await user.click(screen.getByRole('button', { name: /\{\{lastName\}\}/ }));

    expect(body.value.startsWith('{{lastName}} {{firstName}},\n\nNous avons')).toBe(true);
    expect(document.activeElement).toBe(body);
    expect(body.selectionStart).toBe('{{lastName}}'.length);

    const subject = subjectInput();
    subject.focus();
    subject.setSelectionRange(12, 12); // just after "Inscription "
    await user.click(screen.getByRole('button', { name: /\{\{organizationName\}\}/ }));
    expect(subject.value).toBe('Inscription {{organizationName}}reçue : {{eventName}}');
    expect(subject.selectionStart).toBe(12 + '{{organizationName}}'.length);
  });

  it('tracks unsaved changes per kind and language, and forgets them when undone', async () => {
    stubApi();
    await renderEditor();
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByText(/Modifications non enregistrées/)).toBeNull();

    fireEvent.change(subjectInput(), { target: { value: 'Bien reçu !' } });
    expect(saveButton().disabled).toBe(false);
    expect(screen.getByText('Modifications non enregistrées (Français)')).toBeTruthy();
    expect(within(screen.getByRole('button', { name: /^Inscription reçue/ })).getByText('Non enregistré')).toBeTruthy();

    // Another kind keeps the draft of the first one.
    fireEvent.click(screen.getByRole('button', { name: /^Inscription confirmée/ }));
    expect(subjectInput().value).toBe('Inscription confirmée : {{eventName}}');
    expect(saveButton().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /^Inscription reçue/ }));
    expect(subjectInput().value).toBe('Bien reçu !');

    // Typing the saved text back is not a change.
    fireEvent.change(subjectInput(), { target: { value: 'Inscription reçue : {{eventName}}' } });
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByText(/Modifications non enregistrées/)).toBeNull();

    fireEvent.change(bodyInput(), { target: { value: 'Autre texte' } });
    fireEvent.click(screen.getByRole('button', { name: 'Annuler les modifications' }));
    expect(bodyInput().value).toBe(DEFAULTS.received!.fr.body);
    expect(saveButton().disabled).toBe(true);
  });

  it('saves only the edited language, shows the server’s field errors, then confirms the save aloud', async () => {
    const { calls } = stubApi(
      {},
      { failSave: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Some fields are invalid.', errors: [{ field: 'fr.body', code: 'maxLength', message: 'body is too long' }] } },
    );
    await renderEditor();

    fireEvent.change(subjectInput(), { target: { value: 'Merci {{firstName}}' } });
    fireEvent.click(saveButton());

    expect(await screen.findByText('Ce texte est trop long.')).toBeTruthy();
    const status = screen.getByRole('status', { name: '' });
    expect(status.textContent).toContain('Le modèle n’a pas été enregistré');
    expect(saves(calls)).toHaveLength(1);
    expect(saves(calls)[0]).toMatchObject({
      path: `/api/events/${EVENT_ID}/email-templates/received`,
      body: { fr: { subject: 'Merci {{firstName}}', body: DEFAULTS.received!.fr.body } },
    });
    expect(saves(calls)[0]!.body).not.toHaveProperty('en');

    fireEvent.click(saveButton());
    await waitFor(() => expect(screen.getByRole('status', { name: '' }).textContent).toBe('Modèle « Inscription reçue » enregistré.'));
    expect(saves(calls)).toHaveLength(2);
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByText('Ce texte est trop long.')).toBeNull();
    expect(within(screen.getByRole('button', { name: /^Inscription reçue/ })).getByText('Personnalisé')).toBeTruthy();
  });

  it('flags unknown placeholders while typing and refuses empty fields before calling the API', async () => {
    const { calls } = stubApi();
    await renderEditor();

    fireEvent.change(subjectInput(), { target: { value: 'Hello {{nickname}}' } });
    expect(screen.getByText('Variable inconnue : {{nickname}}.')).toBeTruthy();

    fireEvent.change(subjectInput(), { target: { value: '   ' } });
    fireEvent.click(saveButton());
    expect(await screen.findByText('Ce champ est obligatoire.')).toBeTruthy();
    expect(saves(calls)).toHaveLength(0);
  });

  it('goes back to the default text after confirmation by sending null for that language only', async () => {
    const custom = { subject: 'Vous êtes inscrit·e !', body: 'À bientôt {{firstName}}.' };
    const { calls } = stubApi({ approved: { fr: custom } });
    await renderEditor();

    fireEvent.click(screen.getByRole('button', { name: /^Inscription confirmée/ }));
    expect(subjectInput().value).toBe(custom.subject);
    expect(screen.getByText('Texte personnalisé')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Revenir au texte par défaut' }));
    const dialog = await screen.findByRole('dialog');
    expect(saves(calls)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revenir au texte par défaut' }));

    await waitFor(() => expect(subjectInput().value).toBe(DEFAULTS.approved!.fr.subject));
    expect(saves(calls)).toEqual([{ method: 'PUT', path: `/api/events/${EVENT_ID}/email-templates/approved`, body: { fr: null } }]);
    expect(screen.getByText('Texte par défaut')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revenir au texte par défaut' })).toBeNull();
  });

  it('previews the typed text once typing pauses, in a sandboxed frame', async () => {
    const { calls } = stubApi();
    await renderEditor();
    const frame = await screen.findByTitle('Aperçu de l’e-mail « Inscription reçue »');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(screen.getByTestId('preview-subject').textContent).toBe('Inscription reçue : [eventName]');

    for (const value of ['B', 'Bi', 'Bienvenue {{firstName}}']) fireEvent.change(subjectInput(), { target: { value } });
    await waitFor(() => expect(screen.getByTestId('preview-subject').textContent).toBe('Bienvenue [firstName]'));
    const previews = calls.filter((call) => call.method === 'POST');
    // One for the saved text, one for the final text: the keystrokes in between never reach the API.
    expect(previews.map((call) => (call.body as { template: EmailTemplateText }).template.subject)).toEqual([
      'Inscription reçue : {{eventName}}',
      'Bienvenue {{firstName}}',
    ]);
    expect(frame.getAttribute('srcdoc')).toContain('<p>Bonjour [firstName],');
  });

  it('is read-only without the right to edit', async () => {
    stubApi();
    await renderEditor(false);
    expect(subjectInput().readOnly).toBe(true);
    expect(bodyInput().readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: 'Enregistrer le modèle' })).toBeNull();
    expect(screen.queryByRole('button', { name: /\{\{firstName\}\}/ })).toBeNull();
    expect(screen.getByText('Vous pouvez consulter ces modèles, mais pas les modifier.')).toBeTruthy();
  });
});
