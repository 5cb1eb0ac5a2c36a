import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { answerFilterParam, type AnswerFilter } from '../hooks/registration-filters';
import { AnswerFilters } from './answer-filters';
import type { AnswerColumn } from './registrations-table';

const COLUMNS: AnswerColumn[] = [
  { id: 'age', label: 'Âge', type: 'number' },
  { id: 'arrival', label: 'Arrivée', type: 'date' },
  { id: 'photos', label: 'Photos', type: 'consent' },
  { id: 'topics', label: 'Sujets', type: 'multiselect', options: { ai: 'IA', cloud: 'Cloud' } },
  { id: 'city', label: 'Ville', type: 'text' },
];

/** The component as the registrations panel uses it, showing the API parameters it produces. */
function Harness({ initial = [] }: { initial?: AnswerFilter[] }) {
  const [filters, setFilters] = useState<AnswerFilter[]>(initial);
  return (
    <>
      <AnswerFilters columns={COLUMNS} value={filters} onChange={setFilters} />
      <output data-testid="params">{JSON.stringify(filters.map(answerFilterParam))}</output>
    </>
  );
}
const params = () => JSON.parse(screen.getByTestId('params').textContent ?? '[]');
const group = (question: string) => screen.getByRole('group', { name: `Filtre sur « ${question} »` });

describe('AnswerFilters', { timeout: 20_000 }, () => {
  it('adds a filter with the control that fits the first question (a number: at least / at most)', () => {
    renderWithProviders(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Filtrer sur une réponse' }));
    const age = group('Âge');
    const min = within(age).getByLabelText('Au moins');
    expect(min.getAttribute('type')).toBe('number');
    fireEvent.change(min, { target: { value: '18' } });
    expect(params()).toEqual(['age:18..']);
    fireEvent.change(within(age).getByLabelText('Au plus'), { target: { value: '18' } });
    expect(params()).toEqual(['age:18']);
  });

  it('offers date bounds for a date, ticked/not ticked for a consent, options for a choice, a value for text', () => {
    renderWithProviders(
      <Harness
        initial={[
          { field: 'arrival', kind: 'range', min: '', max: '' },
          { field: 'photos', kind: 'boolean', checked: null },
          { field: 'topics', kind: 'choices', values: ['ai', 'cloud'] },
          { field: 'city', kind: 'text', text: '' },
        ]}
      />,
    );
    const from = within(group('Arrivée')).getByLabelText('Du');
    expect(from.getAttribute('type')).toBe('date');
    fireEvent.change(from, { target: { value: '2031-03-01' } });
    expect(within(group('Photos')).getByRole('combobox', { name: 'Case' })).toBeTruthy();
    // The chosen options show as pills, by their labels.
    expect(within(group('Sujets')).getAllByText('IA').length).toBeGreaterThan(0);
    expect(within(group('Sujets')).getByRole('combobox', { name: 'Au moins une de ces options' })).toBeTruthy();
    fireEvent.change(within(group('Ville')).getByLabelText('Valeur'), { target: { value: 'Lyon' } });
    expect(params()).toEqual(['arrival:2031-03-01..', null, 'topics:["ai","cloud"]', 'city:Lyon']);
  });

  it('choosing another question resets the control to that question’s type; each filter can be removed by name', () => {
    renderWithProviders(<Harness initial={[{ field: 'city', kind: 'text', text: 'Paris' }, { field: 'age', kind: 'range', min: '30', max: '' }]} />);
    expect(params()).toEqual(['city:Paris', 'age:30..']);
    fireEvent.click(within(group('Ville')).getByRole('combobox', { name: 'Question' }));
    fireEvent.click(within(group('Ville')).getByRole('option', { name: 'Photos' }));
    expect(within(group('Photos')).getByRole('combobox', { name: 'Case' })).toBeTruthy();
    expect(params()).toEqual([null, 'age:30..']);
    fireEvent.click(screen.getByRole('button', { name: 'Retirer le filtre sur « Photos »' }));
    expect(params()).toEqual(['age:30..']);
    expect(screen.queryByRole('group', { name: 'Filtre sur « Photos »' })).toBeNull();
  });
});
