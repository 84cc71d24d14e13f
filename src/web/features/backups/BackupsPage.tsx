// Sao lưu (admin): the last good backup, where backups go and how long they are kept, every
// backup with its size and whether it verified, and "Sao lưu ngay".
import { Alert, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseExport } from '@tabler/icons-react';
import { BACKUP_KIND_LABELS, BACKUP_STALE_DAYS, type BackupView } from '../../../shared/backups.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useBackupNow, useBackups } from './backups.api.ts';

function size(bytes: number | null): string {
  if (bytes === null) return '—';
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function state(b: BackupView) {
  if (b.error) return <Badge color="red" variant="light">Lỗi</Badge>;
  if (!b.finishedAt) return <Badge color="gray" variant="light">Đang làm</Badge>;
  if (b.pruned) return <Badge color="gray" variant="light">Đã xoá theo quy tắc giữ</Badge>;
  return b.verified ? <Badge color="teal" variant="light">Đã kiểm tra</Badge> : <Badge color="orange" variant="light">Chưa kiểm tra</Badge>;
}

export default function BackupsPage() {
  const list = useBackups();
  const now = useBackupNow();
  const data = list.data;
  const stale = data && (!data.lastGoodAt || Date.now() - new Date(data.lastGoodAt).getTime() > BACKUP_STALE_DAYS * 86_400_000);
  return (
    <Stack>
      <PageHeader
        title="Sao lưu dữ liệu"
        description="Bản sao lưu toàn bộ cơ sở dữ liệu (kèm tệp minh chứng), được đọc lại để kiểm tra sau khi ghi."
        actions={<Button leftSection={<IconDatabaseExport size={18} />} loading={now.isPending || data?.running} onClick={() => now.mutate()}>Sao lưu ngay</Button>}
      />
      {now.error ? <ErrorAlert error={now.error} title="Chưa sao lưu được" /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {!data && !list.error ? <LoadingBlock /> : null}
      {data ? (
        <>
          {stale ? (
            <Alert color="red" icon={<IconAlertTriangle />} title={data.lastGoodAt ? `Bản sao lưu tốt gần nhất đã quá ${BACKUP_STALE_DAYS} ngày` : 'Chưa có bản sao lưu nào'}>
              Bấm “Sao lưu ngay”, rồi chép tệp sang ổ USB hoặc máy khác.
            </Alert>
          ) : null}
          <Card withBorder>
            <Stack gap={4}>
              <Text><b>Bản tốt gần nhất:</b> {data.lastGoodAt ? formatDateTime(data.lastGoodAt) : 'chưa có'}</Text>
              <Text style={{ overflowWrap: 'anywhere' }}><b>Thư mục sao lưu trên máy chủ:</b> {data.folder}</Text>
              <Text><b>Tự động:</b> {data.nightlyHour === null ? 'đã tắt' : `mỗi đêm lúc ${data.nightlyHour} giờ`}; giữ {data.keepDaily} bản gần nhất và 1 bản mỗi tuần trong {data.keepWeekly} tuần{data.encrypted ? '; tệp được mã hoá bằng mật khẩu sao lưu' : ''}.</Text>
            </Stack>
          </Card>
          {data.items.length === 0 ? <Text c="dimmed">Chưa có bản sao lưu nào.</Text> : (
            <Table.ScrollContainer minWidth={0}>
              <Table striped data-testid="backup-list">
                <Table.Thead>
                  <Table.Tr><Table.Th>Lúc</Table.Th><Table.Th>Cách làm</Table.Th><Table.Th>Dung lượng</Table.Th><Table.Th>Trạng thái</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((b) => (
                    <Table.Tr key={b.id}>
                      <Table.Td>{formatDateTime(b.finishedAt ?? b.startedAt)}</Table.Td>
                      <Table.Td>{BACKUP_KIND_LABELS[b.kind]}{b.createdByName ? ` (${b.createdByName})` : ''}</Table.Td>
                      <Table.Td>{size(b.byteSize)}</Table.Td>
                      <Table.Td>{state(b)}{b.error ? <Text size="xs" c="red">{b.error}</Text> : null}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      ) : null}
    </Stack>
  );
}
