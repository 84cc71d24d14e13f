// The frame around every page: header with the account menu, the role's navigation (a
// drawer behind a burger on phones) and the page itself.
import { AppShell, Avatar, Box, Burger, Group, Menu, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useLogoutAnywhere } from '../features/accounts/logout.ts';
import { buildNav, isActive } from './nav.ts';
import { useSession } from './session.tsx';
import { LogoMark } from '../components/LogoMark.tsx';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  return last.slice(0, 1).toUpperCase() || '?';
}

export function useLogout() {
  const leave = useLogoutAnywhere();
  return async () => {
    await leave();
    notifications.show({ color: 'teal', message: 'Bạn đã đăng xuất.' });
  };
}

export function Logo({ subtitle }: { subtitle?: string }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark />
      <Box lh={1.15}>
        <Text fw={700} size="sm" c="brand.8" visibleFrom="xs">Tổ Công nghệ số cộng đồng</Text>
        <Text fw={700} size="sm" c="brand.8" hiddenFrom="xs">Tổ CNSCĐ</Text>
        <Text size="xs" c="dimmed">{subtitle ?? 'Hệ thống quản lý'}</Text>
      </Box>
    </Group>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const { me, scopeName } = session;
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const logout = useLogout();
  const sections = useMemo(() => buildNav(session), [session]);

  useEffect(() => {
    close();
    window.scrollTo(0, 0);
  }, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Đóng menu' : 'Mở menu'} p={8} w={40} h={40} />
            {/* Its name is its visible text (WCAG 2.5.3), the title says where it goes. */}
            <UnstyledButton component={Link} to="/" title="Về trang tổng quan">
              <Logo subtitle={scopeName} />
            </UnstyledButton>
          </Group>
          <Menu position="bottom-end" width={260} shadow="md">
            <Menu.Target>
              <UnstyledButton aria-label={`Tài khoản: ${me.fullName}`} data-testid="user-menu" p={4} style={{ borderRadius: 8 }}>
                <Group gap={8} wrap="nowrap">
                  <Avatar color="brand" radius="xl" size={36}>{initials(me.fullName)}</Avatar>
                  <Box visibleFrom="sm" lh={1.2} maw={320}>
                    <Text size="sm" fw={600} truncate>{me.fullName}</Text>
                    <Text size="xs" c="dimmed" truncate>{me.roleLabel} · {scopeName}</Text>
                  </Box>
                  <IconChevronDown size={16} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Box px="sm" py={6}>
                <Text size="sm" fw={600}>{me.fullName}</Text>
                <Text size="xs" c="dimmed">{me.roleLabel}</Text>
                <Text size="xs" c="dimmed">{scopeName}</Text>
              </Box>
              <Menu.Divider />
              <Menu.Item component={Link} to="/ca-nhan" leftSection={<IconUserCircle size={18} />}>Tài khoản của tôi</Menu.Item>
              <Menu.Item color="red" leftSection={<IconLogout size={18} />} onClick={logout}>Đăng xuất</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar aria-label="Điều hướng chính">
        {/* On a desk the header already names the unit and the role (logo and account button):
            the menu keeps its height for its entries. The phone's drawer hides the header's. */}
        <AppShell.Section px="sm" pt="sm" pb={4} hiddenFrom="sm">
          <Box px="xs" py={6} bg="brand.0" style={{ borderRadius: 8 }}>
            <Text size="xs" c="dimmed">Đang làm việc tại</Text>
            <Text size="sm" fw={600} data-testid="scope-name">{scopeName}</Text>
            <Text size="xs" c="dimmed">{me.roleLabel}</Text>
          </Box>
        </AppShell.Section>
        {/* A native scroller: its edge shadows (global.css) show there is more below. */}
        <AppShell.Section grow className="nav-scroll" px="sm" py={4}>
          <Stack gap="xs" component="nav" data-testid="main-nav">
            {sections.map((section, i) => (
              <Box key={section.label ?? i}>
                {section.label && (
                  <Text className="nav-section-label" size="xs" fw={700} c="dimmed" px="sm" mb={2}>{section.label}</Text>
                )}
                {section.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<item.icon size={20} stroke={1.7} />}
                    active={isActive(location.pathname, item.to)}
                    variant="light"
                    style={{ borderRadius: 8 }}
                  />
                ))}
              </Box>
            ))}
          </Stack>
        </AppShell.Section>
        {/* On a desk the account menu at the top holds these; the phone's drawer has no such menu in reach. */}
        <AppShell.Section px="sm" py="sm" hiddenFrom="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <NavLink
            component={Link}
            to="/ca-nhan"
            label="Tài khoản của tôi"
            leftSection={<IconUserCircle size={20} stroke={1.7} />}
            active={isActive(location.pathname, '/ca-nhan')}
            variant="light"
            style={{ borderRadius: 8 }}
          />
          <NavLink label="Đăng xuất" leftSection={<IconLogout size={20} stroke={1.7} />} onClick={logout} c="red.7" style={{ borderRadius: 8 }} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box maw={1280} mx="auto">{children}</Box>
      </AppShell.Main>
    </AppShell>
  );
}
