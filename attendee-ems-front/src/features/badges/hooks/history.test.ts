import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, HISTORY_LIMIT, historyReducer, initialHistory, type History } from './history';

const run = (actions: Parameters<typeof historyReducer<number>>[1][], start = initialHistory(0)) => actions.reduce<History<number>>(historyReducer, start);

describe('undo/redo history', () => {
  it('undoes and redoes each change', () => {
    let state = run([{ type: 'set', value: 1 }, { type: 'set', value: 2 }]);
    expect(state.present).toBe(2);
    state = historyReducer(state, { type: 'undo' });
    expect(state.present).toBe(1);
    state = historyReducer(state, { type: 'undo' });
    expect(state.present).toBe(0);
    expect(canUndo(state)).toBe(false);
    expect(historyReducer(state, { type: 'undo' })).toBe(state);
    state = historyReducer(state, { type: 'redo' });
    expect(state.present).toBe(1);
    expect(canRedo(state)).toBe(true);
  });

  it('forgets the redo branch once something new is done', () => {
    const state = run([{ type: 'set', value: 1 }, { type: 'set', value: 2 }, { type: 'undo' }, { type: 'set', value: 3 }]);
    expect(state.present).toBe(3);
    expect(canRedo(state)).toBe(false);
    expect(run([{ type: 'undo' }], state).present).toBe(1);
  });

  it('makes one step of a gesture (same group), and a new step after a seal or another group', () => {
    let state = run([
      { type: 'set', value: 1, group: 'drag-1' },
      { type: 'set', value: 2, group: 'drag-1' },
      { type: 'set', value: 3, group: 'drag-1' },
    ]);
    expect(state.past).toEqual([0]);
    state = run([{ type: 'undo' }], state);
    expect(state.present).toBe(0);

    state = run([{ type: 'set', value: 5, group: 'typing' }, { type: 'seal' }, { type: 'set', value: 6, group: 'typing' }, { type: 'set', value: 7, group: 'other' }]);
    expect(state.past).toEqual([0, 5, 6]);
  });

  it('ignores a change to the same value and resets to a saved value', () => {
    const start = initialHistory(4);
    expect(historyReducer(start, { type: 'set', value: 4 })).toBe(start);
    const state = run([{ type: 'set', value: 1 }, { type: 'reset', value: 9 }]);
    expect(state).toEqual({ past: [], present: 9, future: [], group: null });
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const state = run(Array.from({ length: HISTORY_LIMIT + 20 }, (_, index) => ({ type: 'set' as const, value: index + 1 })));
    expect(state.past).toHaveLength(HISTORY_LIMIT);
    expect(state.past[0]).toBe(20);
  });
});
