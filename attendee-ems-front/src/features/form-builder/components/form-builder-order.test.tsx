import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultFormDefinition, type FormDefinition } from '@shared/registration-form';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { setLocale } from '@/lib/i18n/i18n';
import { FormBuilder } from './form-builder';

// The field editor's autosizing text areas listen to document.fonts, which jsdom lacks.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener() {}, removeEventListener() {} } });

const EVENT_ID = '0b9e5c1a-3f2d-4e6b-8a7c-1d2e3f4a5b6c';
const initial: FormDefinition = {
  version: 1,
  sections: [],
  fields: [
    ...defaultFormDefinition().fields,
    { id: 'lunch', type: 'checkbox', label: { fr: 'Déjeuner', en: 'Lunch' }, required: false },
    { id: 'diet', type: 'text', label: { fr: 'Régime', en: 'Diet' }, required: false, visibleWhen: { all: [{ field: 'lunch', op: 'isTrue' }] } },
  ],
};

/** The form API: PUT bodies are kept and echoed back as saved. */
function stubApi() {
  const puts: { definition: FormDefinition }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      if (request.method !== 'PUT') return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      const body = (await request.json()) as { definition: FormDefinition };
      puts.push(body);
      return jsonResponse(200, { definition: body.definition });
    }),
  );
  return puts;
}

const fieldList = () => screen.getByRole('list', { name: 'Champs du formulaire, dans l’ordre' });
/** The fields as the organiser sees them, top to bottom. */
const labelOf = (field: HTMLElement) => field.querySelector('[aria-pressed] p')!.textContent!.replace(/\s*\*$/, '');
const order = () => within(fieldList()).getAllByTestId('builder-field').map(labelOf);
const item = (label: string) => within(fieldList()).getAllByTestId('builder-field').find((candidate) => labelOf(candidate) === label)!;
const announcement = () => fieldList().previousElementSibling!.textContent;

/** The HTML5 drag events a browser fires when one item is dropped on another. */
function dragAndDrop(source: HTMLElement, target: HTMLElement) {
  const dataTransfer = { effectAllowed: 'all', dropEffect: 'none', setData: vi.fn(), getData: vi.fn(() => ''), types: [] as string[] };
  fireEvent.dragStart(source, { dataTransfer });
  fireEvent.dragEnter(target, { dataTransfer });
  // A drop is allowed only where dragover is cancelled.
  const isAllowed = !fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
  fireEvent.dragEnd(source, { dataTransfer });
  return { dataTransfer, isAllowed };
}

describe('FormBuilder: field order', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    act(() => setLocale('fr'));
  });

  it('drag and drop moves a field where it is dropped, announces it, and the new order is what is saved', async () => {
    const puts = stubApi();
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);
    expect(order()).toEqual(['Prénom', 'Nom', 'E-mail', 'Déjeuner', 'Régime']);
    expect(screen.getByRole('button', { name: 'Enregistrer le formulaire' }).hasAttribute('disabled')).toBe(true);

    const { dataTransfer, isAllowed } = dragAndDrop(item('E-mail'), item('Prénom'));
    expect(isAllowed).toBe(true);
    // Firefox starts a drag only when dragstart sets some data.
    expect(dataTransfer.setData).toHaveBeenCalledWith('text/plain', 'email');
    expect(dataTransfer.effectAllowed).toBe('move');
    expect(order()).toEqual(['E-mail', 'Prénom', 'Nom', 'Déjeuner', 'Régime']);
    expect(announcement()).toBe('« E-mail » est maintenant en position 1 sur 5.');
    expect(screen.getByText('Modifications non enregistrées')).toBeTruthy();

    dragAndDrop(item('Prénom'), item('Régime'));
    expect(order()).toEqual(['E-mail', 'Nom', 'Déjeuner', 'Régime', 'Prénom']);

    // Something dragged in from elsewhere (a file, a text) is not a field: no drop target, no change.
    const outsider = { effectAllowed: 'all', setData: vi.fn(), getData: vi.fn(() => 'hello'), types: ['text/plain'] };
    expect(fireEvent.dragOver(item('Nom'), { dataTransfer: outsider })).toBe(true);
    fireEvent.drop(item('Nom'), { dataTransfer: outsider });
    expect(order()).toEqual(['E-mail', 'Nom', 'Déjeuner', 'Régime', 'Prénom']);

    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le formulaire' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.definition.fields.map((field) => field.id)).toEqual(['email', 'lastName', 'lunch', 'diet', 'firstName']);
    // The condition of "Régime" on "Déjeuner" still holds (Déjeuner still comes first) and is saved.
    expect(puts[0]!.definition.fields.find((field) => field.id === 'diet')!.visibleWhen).toEqual({ all: [{ field: 'lunch', op: 'isTrue' }] });
  });

  it('the keyboard way: move up / move down buttons with accessible names, focus kept on the moved field', async () => {
    const puts = stubApi();
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);

    expect(screen.getByRole('button', { name: 'Monter « Prénom »' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Descendre « Régime »' }).hasAttribute('disabled')).toBe(true);

    const down = screen.getByRole('button', { name: 'Descendre « Nom »' });
    down.focus();
    fireEvent.click(down);
    expect(order()).toEqual(['Prénom', 'E-mail', 'Nom', 'Déjeuner', 'Régime']);
    expect(announcement()).toBe('« Nom » est maintenant en position 3 sur 5.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Descendre « Nom »' })));

    // Up to the top: "move up" is then disabled, so the focus goes to "move down" of the same field.
    const up = screen.getByRole('button', { name: 'Monter « Déjeuner »' });
    up.focus();
    for (let step = 0; step < 3; step += 1) fireEvent.click(document.activeElement!);
    expect(order()).toEqual(['Déjeuner', 'Prénom', 'E-mail', 'Nom', 'Régime']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Descendre « Déjeuner »' })));
    expect(screen.getByRole('button', { name: 'Monter « Déjeuner »' }).hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le formulaire' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.definition.fields.map((field) => field.id)).toEqual(['lunch', 'firstName', 'email', 'lastName', 'diet']);
  });

  it('moving a field above the one its condition depends on removes the condition, says so, and saves without it', async () => {
    const puts = stubApi();
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);
    expect(within(item('Régime')).getByText('Conditionnel')).toBeTruthy();

    // Moving the field the condition is on (not the conditional one) below it.
    fireEvent.click(screen.getByRole('button', { name: 'Descendre « Déjeuner »' }));
    expect(order()).toEqual(['Prénom', 'Nom', 'E-mail', 'Régime', 'Déjeuner']);
    expect(announcement()).toBe(
      '« Déjeuner » est maintenant en position 5 sur 5. Les conditions qui portaient sur des champs désormais placés après ont été retirées.',
    );
    expect(within(item('Régime')).queryByText('Conditionnel')).toBeNull();

    // A move that breaks nothing says nothing about conditions.
    fireEvent.click(screen.getByRole('button', { name: 'Monter « Nom »' }));
    expect(announcement()).toBe('« Nom » est maintenant en position 1 sur 5.');

    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le formulaire' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.definition.fields.find((field) => field.id === 'diet')!.visibleWhen).toBeUndefined();
  });

  it('names the move buttons in English too', () => {
    act(() => setLocale('en'));
    stubApi();
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move “Lunch” up' }));
    expect(screen.getByRole('list', { name: 'Form fields, in order' }).previousElementSibling!.textContent).toBe('“Lunch” is now at position 3 of 5.');
    expect(screen.getByRole('button', { name: 'Move “Lunch” down' })).toBeTruthy();
  });

  it('without the right to edit, fields cannot be dragged or moved', () => {
    stubApi();
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit={false} attendeeTypes={[]} />);
    expect(screen.queryByRole('button', { name: /^Monter|^Descendre/ })).toBeNull();
    expect(item('Prénom').getAttribute('draggable')).toBe('false');
    dragAndDrop(item('E-mail'), item('Prénom'));
    expect(order()).toEqual(['Prénom', 'Nom', 'E-mail', 'Déjeuner', 'Régime']);
  });
});
