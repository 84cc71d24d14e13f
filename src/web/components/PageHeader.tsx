// Title row of a page: breadcrumbs, title, a line of context and the page's main actions.
import { Anchor, Box, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { useIsMobile } from './hooks.ts';

export interface Crumb {
  label: string;
  to?: string;
}

/** `docTitle` replaces the title in the browser tab: a person's name must not land in the browser history. */
export function PageHeader({ title, description, crumbs, actions, badge, docTitle }: { title: ReactNode; description?: ReactNode; crumbs?: Crumb[]; actions?: ReactNode; badge?: ReactNode; docTitle?: string }) {
  const isMobile = useIsMobile();
  const tab = docTitle ?? (typeof title === 'string' ? title : null);
  useDocumentTitle(tab ? `${tab} · Tổ CNSCĐ` : 'Tổ Công nghệ số cộng đồng');
  return (
    <Stack gap={6} mb="lg">
      {crumbs && crumbs.length > 0 && (
        // A named landmark around them (a plain div may not carry aria-label: axe's aria-prohibited-attr).
        <nav aria-label="Đường dẫn">
        <Breadcrumbs separator={<IconChevronRight size={14} aria-hidden />} separatorMargin={4} style={{ flexWrap: 'wrap' }}>
          {crumbs.map((c) =>
            c.to ? (
              <Anchor key={c.label + c.to} component={Link} to={c.to} size="sm">{c.label}</Anchor>
            ) : (
              <Text key={c.label} size="sm" c="dimmed">{c.label}</Text>
            ),
          )}
        </Breadcrumbs>
        </nav>
      )}
      <Group justify="space-between" align="flex-start" gap="sm">
        <Box style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="sm" align="center">
            <Title order={1} fz={{ base: 22, sm: 26 }} lh={1.25}>{title}</Title>
            {badge}
          </Group>
          {description && <Text c="dimmed" size="sm" mt={4}>{description}</Text>}
        </Box>
        {actions && (
          <Group gap="xs" wrap="wrap" w={isMobile ? '100%' : undefined} className={isMobile ? 'header-actions' : undefined}>
            {actions}
          </Group>
        )}
      </Group>
    </Stack>
  );
}
