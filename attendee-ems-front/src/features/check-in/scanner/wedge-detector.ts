/**
 * A keyboard-wedge scanner "types" a code much faster than a person and ends it with Enter. This
 * tells such a burst apart from someone typing, for keys that reach the page outside the scan input.
 */
export interface WedgeOptions {
  onScan: (code: string) => void;
  /** Longest pause between two keys of one burst. Scanners send a key every few ms; people, every 100+. */
  maxGapMs?: number;
  minLength?: number;
}

export function createWedgeDetector({ onScan, maxGapMs = 40, minLength = 4 }: WedgeOptions) {
  let buffer = '';
  let lastAt = -Infinity;

  return {
    /** Feeds one keydown; answers true when it completed a scan (the caller may then preventDefault). */
    handleKey(key: string, at: number): boolean {
      const gap = at - lastAt;
      lastAt = at;
      if (key === 'Enter' || key === 'Tab') {
        const code = buffer;
        buffer = '';
        if (code.length >= minLength && gap <= maxGapMs) {
          onScan(code);
          return true;
        }
        return false;
      }
      if (key.length !== 1) return false;
      // A slow key starts a new burst: what came before was typed by a person.
      buffer = gap <= maxGapMs ? buffer + key : key;
      return false;
    },
    reset() {
      buffer = '';
      lastAt = -Infinity;
    },
  };
}
