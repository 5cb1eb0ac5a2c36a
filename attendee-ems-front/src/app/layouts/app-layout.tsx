import { Anchor, AppShell, Box, Burger, Container, Group, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Brand } from '@/components/brand';
import { FullPageLoader, SectionLoader } from '@/components/full-page-loader';
import { LanguageSwitch } from '@/components/language-switch';
import { QueryError } from '@/components/query-error';
import { OrganizationSwitcher } from '@/features/auth/components/organization-switcher';
import { UserMenu } from '@/features/auth/components/user-menu';
import { useMe } from '@/lib/auth/me';
import { hasPermission } from '@/lib/auth/permissions';
import { useI18n } from '@/lib/i18n/i18n';
import { NAVIGATION, visibleNavigation } from '../navigation';

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function AppLayout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [isNavOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { data: me, error, refetch } = useMe();

  useEffect(closeNav, [pathname, closeNav]);

  if (!me) {
    if (error) {
      return (
        <Container size="sm" py="xl">
          <QueryError error={error} onRetry={() => refetch()} />
        </Container>
      );
    }
    return <FullPageLoader />;
  }

  const items = visibleNavigation(NAVIGATION, (permission) => hasPermission(me, permission));

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 256, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <Anchor href="#main-content" className="skip-link">
        {t('a11y.skipToContent')}
      </Anchor>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="md" wrap="nowrap" miw={0}>
            <Burger
              opened={isNavOpen}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label={t(isNavOpen ? 'nav.close' : 'nav.open')}
            />
            <Box visibleFrom="sm" w={224}>
              <Brand />
            </Box>
            <OrganizationSwitcher me={me} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu me={me} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => {
            const active = isActive(pathname, item.to);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.labelKey)}
                leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                variant="light"
                mb={4}
                style={{ borderRadius: 8 }}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1} bg="var(--mantine-color-gray-0)">
        <Container size="xl" px={0}>
          <Suspense fallback={<SectionLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
