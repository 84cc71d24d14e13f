// Filters above a list: a row on a desk; on a phone, two per row so the list stays in view.
import { Group, SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';
import { useIsMobile } from './hooks.ts';

export function FilterBar({ children }: { children: ReactNode }) {
  const isMobile = useIsMobile();
  if (isMobile) return <SimpleGrid cols={2} spacing="xs" mb="md">{children}</SimpleGrid>;
  return <Group gap="sm" mb="md" wrap="wrap" align="flex-end">{children}</Group>;
}
