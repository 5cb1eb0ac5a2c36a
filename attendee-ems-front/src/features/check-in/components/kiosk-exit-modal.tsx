import { Alert, Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api';
import { sessionStore } from '@/lib/auth/session-store';
import { useI18n } from '@/lib/i18n/i18n';

/**
 * Leaving kiosk mode needs the signed-in operator: their password, checked by signing in again
 * (which also renews the station's session). Attendees at the kiosk cannot unlock it.
 */
export function KioskExitModal({ isOpen, email, isOnline, onClose, onUnlocked }: { isOpen: boolean; email: string; isOnline: boolean; onClose: () => void; onUnlocked: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [isWrong, setWrong] = useState(false);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setWrong(false);
    try {
      const { data, response } = await api.POST('/api/auth/login', { body: { email, password } });
      if (!response.ok || !data) return setWrong(true);
      sessionStore.setSession(data);
      setPassword('');
      onUnlocked();
    } catch {
      setWrong(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={isOpen} onClose={onClose} title={t('checkIn.kiosk.exitTitle')}>
      {isOnline ? (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">{t('checkIn.kiosk.exitText', { email })}</Text>
            <PasswordInput label={t('checkIn.kiosk.password')} value={password} onChange={(event) => setPassword(event.currentTarget.value)} autoComplete="current-password" data-autofocus required />
            {isWrong && (
              <Alert color="red" role="alert">
                {t('checkIn.kiosk.wrongPassword')}
              </Alert>
            )}
            <Button type="submit" loading={isBusy}>
              {t('checkIn.kiosk.unlock')}
            </Button>
          </Stack>
        </form>
      ) : (
        <Alert color="orange">{t('checkIn.kiosk.exitOffline')}</Alert>
      )}
    </Modal>
  );
}
