// Import of the commune's spreadsheets, first step: drop or choose a file (.xlsx or .csv);
// below, the history of imports in the area with their status and an undo.
import { Alert, Anchor, Badge, Button, Card, FileButton, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertCircle, IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { IMPORT_LIMITS, type ImportBatchView, type ImportStatus, type ImportSummary } from '../../../shared/imports.ts';
import { api, ApiError, downloadFile, errorMessage } from '../../app/api.ts';
import { formatDateTime, formatNumber } from '../../app/format.ts';
import type { Page } from '../../app/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';

interface ImportListItem {
  id: string;
  status: ImportStatus;
  statusLabel: string;
  fileName: string;
  fileSize: number;
  orgUnitName: string;
  accountName: string;
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
  summary: ImportSummary | null;
  sheets: Array<{ name: string; rowCount: number }>;
}

export const STATUS_COLORS: Record<ImportStatus, string> = { uploaded: 'blue', committed: 'green', undone: 'gray', discarded: 'gray' };
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
const PAGE_SIZE = 10;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

export function summaryLine(s: ImportSummary | null): string {
  if (!s) return '—';
  return `${formatNumber(s.newHouseholds)} hộ mới · ${formatNumber(s.newPeople)} người mới · ${formatNumber(s.updatedPeople)} cập nhật`;
}

export default function ImportsPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const { page, set } = useUrlFilters([] as const);
  const [dragging, setDragging] = useState(false);
  const [undoTarget, setUndoTarget] = useState<ImportListItem | null>(null);

  const history = useQuery({
    queryKey: ['imports', 'list', page],
    queryFn: () => api.get<Page<ImportListItem>>('/api/imports', { page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const upload = useMutation({
    mutationFn: (file: File) => {
      if (file.size > IMPORT_LIMITS.maxFileBytes) {
        // Said before sending 10 MB over a village connection; the server says the same.
        throw new ApiError(413, 'import_too_large', `Tệp quá lớn: tối đa ${Math.round(IMPORT_LIMITS.maxFileBytes / 1024 / 1024)} MB. Hãy tách danh sách thành nhiều tệp (ví dụ mỗi thôn một tệp) rồi tải lên từng tệp.`);
      }
      return api.upload<ImportBatchView>('/api/imports', file);
    },
    onSuccess: (batch) => {
      client.setQueryData(['imports', batch.id], batch);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
      navigate(`/nhap-du-lieu/${batch.id}`);
    },
  });

  const template = useMutation({
    mutationFn: () => downloadFile('/api/imports/template', undefined, 'mau-nhap-danh-sach.xlsx'),
    onError: (error) => notifyError(error, 'Chưa tải được tệp mẫu'),
  });

  const undo = useMutation({
    mutationFn: (id: string) => api.post<ImportBatchView>(`/api/imports/${id}/undo`),
    onSuccess: () => {
      setUndoTarget(null);
      notifySaved('Đã hoàn tác lần nhập.');
      void client.invalidateQueries({ queryKey: ['imports'] });
    },
    onError: (error) => notifyError(error, 'Không hoàn tác được'),
  });

  const pick = (file: File | null) => {
    if (file && !upload.isPending) upload.mutate(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files?.[0] ?? null);
  };

  const columns: Column<ImportListItem>[] = [
    {
      key: 'file',
      header: 'Tệp',
      render: (b) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/nhap-du-lieu/${b.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>{b.fileName}</Anchor>
          <Text size="xs" c="dimmed">{b.sheets.length} trang tính · {formatBytes(b.fileSize)}</Text>
        </Stack>
      ),
    },
    { key: 'who', header: 'Người nhập', render: (b) => <Stack gap={0}><Text size="sm">{b.accountName}</Text><Text size="xs" c="dimmed" className="num">{formatDateTime(b.createdAt)}</Text></Stack> },
    { key: 'status', header: 'Trạng thái', render: (b) => <Badge color={STATUS_COLORS[b.status]} variant="light" tt="none">{b.statusLabel}</Badge> },
    { key: 'result', header: 'Kết quả', render: (b) => <Text size="sm" className="num">{b.status === 'committed' || b.status === 'undone' ? summaryLine(b.summary) : '—'}</Text> },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (b) =>
        b.status === 'committed' ? (
          <Button size="xs" variant="subtle" color="red" onClick={() => setUndoTarget(b)}>Hoàn tác</Button>
        ) : b.status === 'uploaded' ? (
          <Button size="xs" variant="subtle" component={Link} to={`/nhap-du-lieu/${b.id}`}>Tiếp tục</Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title="Nhập dữ liệu từ Excel"
        description="Đưa danh sách hộ và nhân khẩu của xã (tệp .xlsx hoặc .csv, mỗi dòng một người) vào hệ thống. Chưa có gì được ghi cho đến khi bạn bấm «Ghi vào hệ thống»."
      />
      <Card
        padding="xl"
        mb="xl"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'var(--mantine-color-brand-6)' : 'var(--mantine-color-gray-4)',
          background: dragging ? 'var(--mantine-color-brand-0)' : undefined,
        }}
      >
        <Stack align="center" gap="sm" ta="center">
          <ThemeIcon size={56} radius="xl" variant="light"><IconFileSpreadsheet size={30} /></ThemeIcon>
          <Title order={2} fz="lg">Kéo thả tệp danh sách vào đây</Title>
          <Text size="sm" c="dimmed" maw={520}>
            Tệp Excel (.xlsx) hoặc .csv, tối đa {Math.round(IMPORT_LIMITS.maxFileBytes / 1024 / 1024)} MB. Có thể có dòng tiêu đề phía trên, nhiều trang tính (mỗi thôn một trang); bước sau bạn sẽ kiểm tra cách ghép cột.
          </Text>
          <Group justify="center" gap="sm">
            <FileButton onChange={pick} accept={ACCEPT}>
              {(props) => (
                <Button {...props} leftSection={<IconUpload size={18} />} loading={upload.isPending} data-testid="import-file-button">
                  Chọn tệp
                </Button>
              )}
            </FileButton>
            <Button variant="default" leftSection={<IconDownload size={18} />} onClick={() => template.mutate()} loading={template.isPending} data-testid="import-template">
              Tải tệp mẫu (.xlsx)
            </Button>
          </Group>
          <Text size="xs" c="dimmed" maw={520}>
            Chưa có danh sách? Tệp mẫu có sẵn các cột hệ thống đọc được (họ tên, ngày sinh, giới tính, CCCD, quan hệ với chủ hộ, số hộ, thôn…), hai dòng ví dụ và trang hướng dẫn cách ghi.
          </Text>
          {upload.isPending && <Text size="sm" c="dimmed">Đang tải lên và đọc tệp…</Text>}
        </Stack>
      </Card>
      {upload.error && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Không đọc được tệp" mb="xl" role="alert" data-testid="import-upload-error">
          {errorMessage(upload.error)}
        </Alert>
      )}

      <Title order={2} fz="lg" mb="sm">Các lần nhập</Title>
      {history.error && <ErrorAlert error={history.error} onRetry={() => history.refetch()} />}
      <ListView
        rows={history.data?.items}
        loading={history.isPending}
        columns={columns}
        rowKey={(b) => b.id}
        testId="import-history"
        empty={<Empty title="Chưa có lần nhập nào" description="Tải tệp danh sách đầu tiên lên ở khung phía trên." />}
        card={(b) => (
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Anchor component={Link} to={`/nhap-du-lieu/${b.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>{b.fileName}</Anchor>
              <Badge color={STATUS_COLORS[b.status]} variant="light" tt="none" style={{ flexShrink: 0 }}>{b.statusLabel}</Badge>
            </Group>
            <Text size="sm" c="dimmed" className="num">{b.accountName} · {formatDateTime(b.createdAt)}</Text>
            {(b.status === 'committed' || b.status === 'undone') && <Text size="sm" className="num">{summaryLine(b.summary)}</Text>}
            {b.status === 'committed' && (
              <Group justify="flex-end"><Button size="xs" variant="light" color="red" onClick={() => setUndoTarget(b)}>Hoàn tác</Button></Group>
            )}
          </Stack>
        )}
      />
      {history.data && history.data.total > PAGE_SIZE && <PaginationBar page={page} pageSize={PAGE_SIZE} total={history.data.total} onChange={(p) => set({ trang: p })} noun="lần nhập" />}

      <ConfirmModal
        opened={undoTarget !== null}
        onClose={() => setUndoTarget(null)}
        onConfirm={() => undoTarget && undo.mutate(undoTarget.id)}
        loading={undo.isPending}
        title="Hoàn tác lần nhập?"
        confirmLabel="Hoàn tác lần nhập"
      >
        Mọi hộ và nhân khẩu do tệp «{undoTarget?.fileName}» tạo ra sẽ bị gỡ, các thông tin đã cập nhật trở về như trước. Chỉ làm được khi các bản ghi này chưa bị sửa sau đó.
      </ConfirmModal>
    </>
  );
}
