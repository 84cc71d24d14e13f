// A list that is a table on a desk and a stack of cards on a phone. Rows that lead to a
// detail page are links (keyboard and middle-click work), not click handlers alone.
import { Box, Card, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatNumber } from '../app/format.ts';
import { useIsMobile } from './hooks.ts';
import { LoadingBlock } from './states.tsx';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
  nowrap?: boolean;
}

interface ListViewProps<T> {
  rows: T[] | undefined;
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  /** Where a row leads. */
  rowHref?: (row: T) => string | undefined;
  /** The phone's card for a row. */
  card: (row: T) => ReactNode;
  loading?: boolean;
  empty?: ReactNode;
  testId?: string;
  minWidth?: number;
}

export function ListView<T>({ rows, columns, rowKey, rowHref, card, loading, empty, testId, minWidth = 720 }: ListViewProps<T>) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  if (loading && !rows) return <LoadingBlock />;
  if (!rows || rows.length === 0) return <>{empty}</>;

  if (isMobile) {
    return (
      <Stack gap="xs" data-testid={testId}>
        {rows.map((row) => {
          const href = rowHref?.(row);
          return href ? (
            <Card key={rowKey(row)} component={Link} to={href} className="card-link" padding="sm" data-testid="list-card">
              {card(row)}
            </Card>
          ) : (
            <Card key={rowKey(row)} padding="sm" data-testid="list-card">{card(row)}</Card>
          );
        })}
      </Stack>
    );
  }

  return (
    <Card padding={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table data-testid={testId} striped={false} highlightOnHover stickyHeader>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} ta={c.align} w={c.width} style={{ whiteSpace: 'nowrap' }}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.03em' }}>{c.header}</Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const href = rowHref?.(row);
              return (
                <Table.Tr
                  key={rowKey(row)}
                  className={href ? 'row-link' : undefined}
                  onClick={
                    href
                      ? (e) => {
                          // Let links, buttons and menus inside the row do their own thing.
                          if ((e.target as HTMLElement).closest('a,button,[role="menuitem"],input')) return;
                          navigate(href);
                        }
                      : undefined
                  }
                >
                  {columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

export function PaginationBar({ page, pageSize, total, onChange, noun = 'bản ghi' }: { page: number; pageSize: number; total: number; onChange: (page: number) => void; noun?: string }) {
  const isMobile = useIsMobile();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm" data-testid="pagination">
      <Text size="sm" c="dimmed" className="num">
        {total === 0 ? `Không có ${noun}` : `${formatNumber(from)}–${formatNumber(to)} trong ${formatNumber(total)} ${noun}`}
      </Text>
      {pages > 1 && (
        <Box>
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={onChange}
            siblings={isMobile ? 0 : 1}
            boundaries={1}
            size={isMobile ? 'md' : 'sm'}
            getControlProps={(control) => ({
              'aria-label': { first: 'Trang đầu', previous: 'Trang trước', next: 'Trang sau', last: 'Trang cuối' }[control],
            })}
          />
        </Box>
      )}
    </Group>
  );
}
