import { Box, Center, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Brand } from '@/components/brand';
import { SectionLoader } from '@/components/full-page-loader';
import { LanguageSwitch } from '@/components/language-switch';
import { useI18n } from '@/lib/i18n/i18n';

export function AuthLayout() {
  const { t } = useI18n();
  return (
    <Box mih="100dvh" style={{ display: 'flex' }}>
      <Box
        visibleFrom="md"
        w="42%"
        p={48}
        style={{
          background: 'linear-gradient(160deg, var(--mantine-color-indigo-7), var(--mantine-color-violet-8))',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
        }}
      >
        <Brand inverted />
        <Stack gap="lg" maw={440}>
          <Title order={2} c="white" fz={32} lh={1.2}>
            {t('auth.pitch.title')}
          </Title>
          <List
            spacing="sm"
            c="indigo.0"
            icon={
              <ThemeIcon size={22} radius="xl" color="white" variant="white" c="indigo">
                <IconCheck size={14} />
              </ThemeIcon>
            }
          >
            <List.Item>{t('auth.pitch.point1')}</List.Item>
            <List.Item>{t('auth.pitch.point2')}</List.Item>
            <List.Item>{t('auth.pitch.point3')}</List.Item>
          </List>
        </Stack>
        <Text size="xs" c="indigo.1">
          © Attendee EMS
        </Text>
      </Box>
      <Stack flex={1} p={{ base: 'md', sm: 'xl' }} gap={0} bg="var(--mantine-color-gray-0)">
        <Group justify="space-between">
          <Box hiddenFrom="md">
            <Brand />
          </Box>
          <Box ml="auto">
            <LanguageSwitch />
          </Box>
        </Group>
        <Center flex={1} py="xl" component="main">
          <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 40 }} w="100%" maw={440}>
            <Suspense fallback={<SectionLoader />}>
              <Outlet />
            </Suspense>
          </Paper>
        </Center>
      </Stack>
    </Box>
  );
}
