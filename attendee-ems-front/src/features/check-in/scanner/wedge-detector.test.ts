import { describe, expect, it, vi } from 'vitest';
import { createWedgeDetector } from './wedge-detector';

function type(detector: ReturnType<typeof createWedgeDetector>, text: string, start: number, gapMs: number) {
  let at = start;
  for (const key of text) detector.handleKey(key, (at += gapMs));
  return detector.handleKey('Enter', at + gapMs);
}

describe('the keyboard-wedge detector', () => {
  it('takes a fast burst ended by Enter as one scan', () => {
    const onScan = vi.fn();
    const detector = createWedgeDetector({ onScan });
    expect(type(detector, 'Zx9_-abcDEF', 1000, 8)).toBe(true);
    expect(onScan).toHaveBeenCalledWith('Zx9_-abcDEF');
  });

  it('ignores someone typing at human speed', () => {
    const onScan = vi.fn();
    const detector = createWedgeDetector({ onScan });
    expect(type(detector, 'hello', 1000, 150)).toBe(false);
    expect(onScan).not.toHaveBeenCalled();
  });

  it('starts a new burst after a pause, so stray keys do not prefix the code', () => {
    const onScan = vi.fn();
    const detector = createWedgeDetector({ onScan });
    detector.handleKey('q', 100);
    expect(type(detector, 'CODE1234', 2000, 5)).toBe(true);
    expect(onScan).toHaveBeenCalledWith('CODE1234');
  });

  it('ignores bursts shorter than the minimum and non-character keys', () => {
    const onScan = vi.fn();
    const detector = createWedgeDetector({ onScan, minLength: 4 });
    expect(type(detector, 'ab', 0, 5)).toBe(false);
    detector.handleKey('Shift', 100);
    expect(type(detector, 'ABCD', 100, 5)).toBe(true);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan).toHaveBeenCalledWith('ABCD');
  });
});
