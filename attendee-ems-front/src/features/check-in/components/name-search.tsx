import { Badge, Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useI18n } from '@/lib/i18n/i18n';
import type { SearchPerson } from '../hooks/use-station';

interface NameSearchProps {
  isOpen: boolean;
  isOnline: boolean;
  onClose: () => void;
  search: (query: string) => Promise<SearchPerson[]>;
  onPick: (person: SearchPerson) => void;
}

/** Finding someone who has no QR code with them: the server's search online, the snapshot offline. */
export function NameSearch({ isOpen, isOnline, onClose, search, onPick }: NameSearchProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const [results, setResults] = useState<SearchPerson[] | null>(null);
  const [isLoading, setLoading] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    if (!debounced.trim()) {
      setResults(null);
      return;
    }
    setLoading(true);
    search(debounced)
      .then((found) => isCurrent && setResults(found))
      .catch(() => isCurrent && setResults([]))
      .finally(() => isCurrent && setLoading(false));
    return () => {
      isCurrent = false;
    };
  }, [debounced, search]);

  const close = () => {
    setQuery('');
    setResults(null);
    onClose();
  };

  return (
    <Modal opened={isOpen} onClose={close} title={t('checkIn.station.searchTitle')} size="lg">
      <Stack>
        <TextInput
          label={t('checkIn.station.searchLabel')}
          description={isOnline ? undefined : t('checkIn.station.searchOfflineHint')}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          rightSection={isLoading ? <Loader size="xs" /> : null}
          data-autofocus
        />
        <div aria-live="polite">
          {results?.length === 0 && <Text c="dimmed">{t('checkIn.station.searchEmpty')}</Text>}
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {results?.map((person) => (
              <Group component="li" key={person.id} justify="space-between" wrap="nowrap" p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
                <div>
                  <Text fw={600}>{`${person.firstName} ${person.lastName}`}</Text>
                  <Group gap={6}>
                    {person.attendeeType && (
                      <Badge size="sm" color={person.attendeeTypeColor ?? 'gray'}>
                        {person.attendeeType}
                      </Badge>
                    )}
                    {person.detail && (
                      <Text size="xs" c="dimmed">
                        {person.detail}
                      </Text>
                    )}
                    {person.isInside && (
                      <Badge size="sm" color="yellow" variant="light">
                        {t('checkIn.station.searchInside')}
                      </Badge>
                    )}
                  </Group>
                </div>
                <Button
                  onClick={() => {
                    onPick(person);
                    close();
                  }}
                  aria-label={`${t('checkIn.station.searchCheckIn')} ${person.firstName} ${person.lastName}`}
                >
                  {t('checkIn.station.searchCheckIn')}
                </Button>
              </Group>
            ))}
          </Stack>
        </div>
      </Stack>
    </Modal>
  );
}
