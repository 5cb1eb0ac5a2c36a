import { Button, Group, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '@/lib/i18n/i18n';
import { createWedgeDetector } from '../scanner/wedge-detector';

/**
 * The keyboard-wedge target: an input that keeps the focus (a scanner types into whatever has it)
 * and takes the code on Enter. Keys that land elsewhere on the page still count when they arrive
 * as a scanner burst.
 */
export function ScanInput({ onScan, isPaused = false, isCompact = false }: { onScan: (code: string) => void; isPaused?: boolean; isCompact?: boolean }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    if (isPaused) return;
    input.current?.focus();
    // Give the keystrokes back to the input whenever the focus wanders to nothing in particular.
    const refocus = () => {
      setTimeout(() => {
        const active = document.activeElement;
        if (!active || active === document.body) input.current?.focus({ preventScroll: true });
      }, 0);
    };
    const detector = createWedgeDetector({ onScan: (code) => onScanRef.current(code) });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target === input.current) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (detector.handleKey(event.key, event.timeStamp)) event.preventDefault();
    };
    document.addEventListener('focusout', refocus);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('focusout', refocus);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [isPaused]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = value.trim();
    setValue('');
    if (code) onScan(code);
  };

  return (
    <form onSubmit={submit} autoComplete="off">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          ref={input}
          style={{ flex: 1 }}
          size="lg"
          label={t('checkIn.station.input')}
          description={isCompact ? undefined : t('checkIn.station.inputHint')}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          inputMode="text"
          enterKeyHint="go"
          data-testid="scan-input"
        />
        <Button type="submit" size="lg">
          {t('checkIn.station.submit')}
        </Button>
      </Group>
    </form>
  );
}
