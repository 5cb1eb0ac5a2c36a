/**
 * Undo/redo over immutable snapshots. Consecutive changes that share a `group` (one drag, typing in
 * one field) make a single step, so Ctrl+Z undoes a gesture, not each pixel of it.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The group of the last change, while it may still absorb the next one. */
  group: string | null;
}

export type HistoryAction<T> =
  | { type: 'set'; value: T; group?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset'; value: T }
  /** Ends the current group: the next change starts a new step even with the same group name. */
  | { type: 'seal' };

export const HISTORY_LIMIT = 100;

export const initialHistory = <T>(value: T): History<T> => ({ past: [], present: value, future: [], group: null });

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'set': {
      if (Object.is(action.value, state.present)) return state;
      if (action.group && action.group === state.group) return { ...state, present: action.value, future: [] };
      const past = [...state.past, state.present].slice(-HISTORY_LIMIT);
      return { past, present: action.value, future: [], group: action.group ?? null };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], group: null };
    }
    case 'redo': {
      const [next, ...future] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future, group: null };
    }
    case 'reset':
      return initialHistory(action.value);
    case 'seal':
      return state.group === null ? state : { ...state, group: null };
  }
}

export const canUndo = (state: History<unknown>) => state.past.length > 0;
export const canRedo = (state: History<unknown>) => state.future.length > 0;
