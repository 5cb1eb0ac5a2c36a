export type Tone = 'ok' | 'warning' | 'refused';

/** Notes per outcome: one high beep for OK, two mid beeps for "already in", a low buzz for a refusal. */
const TONES: Record<Tone, Array<{ frequency: number; duration: number; type: OscillatorType }>> = {
  ok: [{ frequency: 1320, duration: 0.12, type: 'sine' }],
  warning: [
    { frequency: 660, duration: 0.12, type: 'triangle' },
    { frequency: 660, duration: 0.12, type: 'triangle' },
  ],
  refused: [{ frequency: 200, duration: 0.45, type: 'square' }],
};

let context: AudioContext | null = null;

/** Plays the outcome's beep; silent where Web Audio is missing or blocked (no sound is never an error). */
export function playTone(tone: Tone) {
  try {
    const AudioCtor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtor) return;
    context ??= new AudioCtor();
    if (context.state === 'suspended') void context.resume();
    let at = context.currentTime;
    for (const note of TONES[tone]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = note.type;
      oscillator.frequency.value = note.frequency;
      gain.gain.setValueAtTime(0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + note.duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + note.duration);
      at += note.duration + 0.06;
    }
  } catch {
    // Audio is a courtesy.
  }
}
