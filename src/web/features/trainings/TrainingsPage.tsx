// Tập huấn (/tap-huan): the commune's trainings of a year with their state and attendance,
// and (tab "Kết quả") the figures: members trained / active members by topic, method and
// village for any period, and the members never trained — the next ones to invite.
import { Anchor, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconSchool } from '@tabler/icons-react';
import { Link } from 'react-router';
import { TRAINING_STATUS_LABELS, type TrainingStatus, type TrainingSummary } from '../../../shared/trainings.ts';
import { yearInVietnam } from '../../../shared/calendar.ts';
import { formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { TopicBadges, TrainingStatusBadge, methodText, whenText } from './TrainingBits.tsx';
import { TrainingFiguresView } from './TrainingFiguresView.tsx';
import { useTrainingList } from './trainings.api.ts';

export function TrainingsPage() {
  const session = useSession();
  const { values, set } = useUrlFilters(['nam', 'xem', 'trang-thai'] as const);
  const thisYear = yearInVietnam();
  const year = Number(values.nam) || thisYear;
  const tab = values.xem === 'ket-qua' ? 'figures' : 'list';
  const status = (values['trang-thai'] || undefined) as TrainingStatus | undefined;
  const list = useTrainingList({ year, status });
  const years = Array.from({ length: Math.max(1, thisYear - 2024) }, (_, i) => String(thisYear - i));
  const columns: Column<TrainingSummary>[] = [
    { key: 'when', header: 'Thời gian', render: (r) => whenText(r.startsAt, r.endsAt), width: 170 },
    {
      key: 'title',
      header: 'Lớp tập huấn',
      render: (r) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/tap-huan/${r.id}`} size="sm" fw={600} c="inherit">{r.title}</Anchor>
          <TopicBadges topics={r.topics} />
        </Stack>
      ),
    },
    { key: 'method', header: 'Hình thức', render: (r) => <Text size="sm">{methodText(r.method, r.platform)}</Text>, width: 150 },
    { key: 'villages', header: 'Thôn được mời', render: (r) => (r.villages.length > 3 ? `${r.villages.length} thôn` : r.villages.map((v) => v.name).join(', ')), width: 150 },
    {
      key: 'attendance',
      header: 'Có mặt / mời',
      align: 'right',
      nowrap: true,
      render: (r) => (
        <Stack gap={0} align="flex-end">
          <Text size="sm" fw={600}>{formatNumber(r.present)}/{formatNumber(r.invited)}</Text>
          {r.completed > 0 && <Text size="xs" c="dimmed">{formatNumber(r.completed)} hoàn thành</Text>}
          {r.status === 'held' && r.method !== 'online' && r.unrecorded > 0 && <Text size="xs" c="orange.8">{formatNumber(r.unrecorded)} chưa điểm danh</Text>}
        </Stack>
      ),
    },
    { key: 'status', header: 'Trạng thái', render: (r) => <TrainingStatusBadge status={r.status} startsAt={r.startsAt} />, width: 140, nowrap: true },
  ];
  return (
    <>
      <PageHeader
        title="Tập huấn Tổ CNSCĐ"
        description={`Các lớp tập huấn nghiệp vụ cho thành viên Tổ Công nghệ số cộng đồng — ${session.scopeName}`}
        actions={session.can('trainings.write') && (
          <Button component={Link} to="/tap-huan/moi" leftSection={<IconPlus size={18} />}>Lập kế hoạch tập huấn</Button>
        )}
      />
      <Group justify="space-between" mb="md" gap="sm">
        <SegmentedControl
          value={tab}
          onChange={(v) => set({ xem: v === 'figures' ? 'ket-qua' : null })}
          data={[{ value: 'list', label: 'Các lớp tập huấn' }, { value: 'figures', label: 'Kết quả tập huấn' }]}
          data-testid="training-tabs"
        />
        {tab === 'list' && (
          <Group gap="xs">
            <Select aria-label="Năm" w={110} data={years} value={String(year)} onChange={(v) => set({ nam: v === String(thisYear) ? null : v })} allowDeselect={false} />
            <Select
              aria-label="Trạng thái"
              w={160}
              placeholder="Mọi trạng thái"
              clearable
              data={Object.entries(TRAINING_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              value={status ?? null}
              onChange={(v) => set({ 'trang-thai': v })}
            />
          </Group>
        )}
      </Group>
      {tab === 'figures' ? (
        <TrainingFiguresView />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          {list.data && list.data.items.length > 0 && <YearSummary items={list.data.items} year={year} />}
          <ListView
            rows={list.data?.items ?? []}
            columns={columns}
            rowKey={(r) => r.id}
            rowHref={(r) => `/tap-huan/${r.id}`}
            card={(r) => (
              <Stack gap={4}>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Text size="sm" fw={600}>{r.title}</Text>
                  <TrainingStatusBadge status={r.status} startsAt={r.startsAt} />
                </Group>
                <Text size="sm" c="dimmed">{whenText(r.startsAt, r.endsAt)} · {methodText(r.method, r.platform)}</Text>
                <Text size="sm">Có mặt {formatNumber(r.present)}/{formatNumber(r.invited)}{r.completed ? ` · ${formatNumber(r.completed)} hoàn thành` : ''}</Text>
              </Stack>
            )}
            loading={list.isPending}
            testId="training-list"
            minWidth={900}
            empty={<Empty icon={<IconSchool size={32} />} title={`Chưa có lớp tập huấn nào năm ${year}`} description={session.can('trainings.write') ? 'Bấm “Lập kế hoạch tập huấn” để thêm lớp đầu tiên.' : undefined} />}
          />
        </>
      )}
    </>
  );
}

function YearSummary({ items, year }: { items: TrainingSummary[]; year: number }) {
  const held = items.filter((i) => i.status === 'held');
  const planned = items.filter((i) => i.status === 'planned');
  const cell = (label: string, value: string, testId: string) => (
    <Card padding="sm" withBorder data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Title order={3}>{value}</Title>
    </Card>
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md" spacing="sm">
      {cell(`Đã tổ chức năm ${year}`, `${held.length} lớp`, 'summary-held')}
      {cell('Dự kiến', `${planned.length} lớp`, 'summary-planned')}
      {cell('Lượt có mặt', formatNumber(held.reduce((s, i) => s + i.present, 0)), 'summary-present')}
      {cell('Hoàn thành khóa trực tuyến', formatNumber(items.reduce((s, i) => s + i.completed, 0)), 'summary-completed')}
    </SimpleGrid>
  );
}
