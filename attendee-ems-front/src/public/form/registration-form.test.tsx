import { defaultFormDefinition, type FormDefinition } from '@shared/registration-form';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { publicTranslator } from '../i18n';
import type { FormAction } from './form-state';
import { RegistrationForm } from './registration-form';

const definition: FormDefinition = {
  version: 1,
  sections: [],
  fields: [
    ...defaultFormDefinition().fields,
    { id: 'lunch', type: 'checkbox', label: { fr: 'Je déjeune', en: 'Lunch' }, required: false },
    { id: 'menu', type: 'select', label: { fr: 'Menu', en: 'Menu' }, required: true, options: [{ value: 'veg', label: { fr: 'Végétarien' } }], visibleWhen: { all: [{ field: 'lunch', op: 'isTrue' }] } },
  ],
};

describe('<RegistrationForm>', () => {
  it('focuses the first error on an invalid submit and announces the count, without sending', () => {
    const send = vi.fn<(payload: Record<string, unknown>, key: string) => Promise<FormAction>>();
    render(<RegistrationForm definition={definition} attendeeTypes={[]} locale="fr" t={publicTranslator('fr')} send={send} />);
    fireEvent.click(screen.getByRole('button', { name: 'Je m’inscris' }));
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('3 réponse(s) à corriger.');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Prénom' }));
    expect(screen.getByRole('textbox', { name: 'Prénom' }).getAttribute('aria-describedby')).toBe('pf-firstName-error');
  });

  it('reveals the conditional field, sends visible answers with an Idempotency-Key, and resends the same key after a network failure', async () => {
    const send = vi.fn<(payload: Record<string, unknown>, key: string) => Promise<FormAction>>().mockResolvedValueOnce({ type: 'networkError' }).mockResolvedValueOnce({
      type: 'registered',
      result: { status: 'approved', confirmationNumber: 'X', credential: 'c', waitlistPosition: null, personalPageUrl: '/r/c' },
    });
    const onOutcome = vi.fn();
    render(<RegistrationForm definition={definition} attendeeTypes={[]} locale="fr" t={publicTranslator('fr')} send={send} onOutcome={onOutcome} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Prénom' }), { target: { value: 'Léa' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Nom' }), { target: { value: 'Martin' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'E-mail' }), { target: { value: 'lea@example.org' } });
    expect(screen.queryByRole('combobox', { name: 'Menu' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Je déjeune' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Menu' }), { target: { value: 'veg' } });

    fireEvent.click(screen.getByRole('button', { name: 'Je m’inscris' }));
    await screen.findByText(/La connexion a été interrompue/);
    fireEvent.click(screen.getByRole('button', { name: 'Je m’inscris' }));
    await waitFor(() => expect(onOutcome).toHaveBeenCalled());

    expect(send).toHaveBeenCalledTimes(2);
    const [[firstPayload, firstKey], [, secondKey]] = send.mock.calls as [[Record<string, unknown>, string], [Record<string, unknown>, string]];
    expect(firstPayload).toEqual({ firstName: 'Léa', lastName: 'Martin', email: 'lea@example.org', lunch: true, menu: 'veg', locale: 'fr' });
    expect(firstKey).toBeTruthy();
    expect(secondKey).toBe(firstKey);
  });
});
