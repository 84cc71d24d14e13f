// Buổi hướng dẫn tập trung (/buoi-huong-dan): the classes held for residents — at a school,
// a cooperative, the cultural house — newest first, with attendees, how many reached what
// was taught, visitors from other communes counted apart, and rows refused.
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconBuildingFactory2, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PLACE_KIND_LABELS, SESSION_CONTENT_LABELS, type SessionSummary } from '../../../shared/group-sessions.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession as useAccount } from '../../app/session.tsx';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { useSessions } from './group-sessions.api.ts';

export const placeText = (s: Pick<SessionSummary, 'placeKind' | 'organization' | 'village'>) =>
  s.organization?.name ?? (s.placeKind === 'cultural_house' && s.village ? `Nhà văn hóa ${s.village.name}` : PLACE_KIND_LABELS[s.placeKind]);

export function ContentBadges({ contents }: { contents: SessionSummary['contents'] }) {
  return (
    <Group gap={4}>
      {contents.map((c) => <Badge key={c} size="sm" variant="light" tt="none">{SESSION_CONTENT_LABELS[c]}</Badge>)}
    </Group>
  );
}

export function SessionsPage() {
  const account = useAccount();
  const list = useSessions({});
  const columns: Column<SessionSummary>[] = [
    { key: 'date', header: 'Ngày', render: (r) => formatDate(r.sessionDate), width: 110, nowrap: true },
    {
      key: 'place', header: 'Nơi tổ chức, nội dung',
      render: (r) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/buoi-huong-dan/${r.id}`} size="sm" fw={600} c="inherit">{placeText(r)}</Anchor>
          {r.status === 'retracted' && <Text size="xs" c="red.8" fw={600}>Đã rút (ghi nhầm, không tính vào số liệu)</Text>}
          <ContentBadges contents={r.contents} />
        </Stack>
      ),
    },
    { key: 'people', header: 'Người tham dự', align: 'right', nowrap: true, render: (r) => <Text size="sm" fw={600}>{formatNumber(r.attendees)}</Text>, width: 120 },
    { key: 'done', header: 'Đạt', align: 'right', nowrap: true, render: (r) => formatNumber(r.done), width: 80 },
    { key: 'visitors', header: 'Khách xã khác', align: 'right', nowrap: true, render: (r) => formatNumber(r.visitors), width: 120 },
    { key: 'refused', header: 'Bị từ chối', align: 'right', nowrap: true, render: (r) => (r.refused ? <Text size="sm" c="orange.8">{formatNumber(r.refused)}</Text> : '—'), width: 100 },
  ];
  return (
    <>
      <PageHeader
        title="Buổi hướng dẫn tập trung"
        description={`Lớp học kỹ năng số cho người dân tại trường học, doanh nghiệp, hợp tác xã, nhà văn hóa — ${account.scopeName}`}
        actions={(
          <Group gap="sm">
            <Button variant="default" component={Link} to="/truong-hoc-doanh-nghiep" leftSection={<IconBuildingFactory2 size={18} />}>Trường học, doanh nghiệp, HTX</Button>
            {account.can('sessions.record') && <Button component={Link} to="/buoi-huong-dan/moi" leftSection={<IconPlus size={18} />}>Ghi buổi hướng dẫn</Button>}
          </Group>
        )}
      />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : (
        <ListView
          rows={list.data?.items ?? []}
          columns={columns}
          rowKey={(r) => r.id}
          rowHref={(r) => `/buoi-huong-dan/${r.id}`}
          card={(r) => (
            <Stack gap={4}>
              <Text size="sm" fw={600}>{placeText(r)}</Text>
              <Text size="sm" c="dimmed">{formatDate(r.sessionDate)} · {formatNumber(r.attendees)} người, {formatNumber(r.done)} đạt{r.visitors ? ` · ${r.visitors} khách` : ''}</Text>
            </Stack>
          )}
          loading={list.isPending}
          testId="session-list"
          minWidth={820}
          empty={<Empty icon={<IconUsersGroup size={32} />} title="Chưa có buổi hướng dẫn nào" description={account.can('sessions.record') ? 'Bấm “Ghi buổi hướng dẫn” sau mỗi buổi học ở trường, hợp tác xã hay nhà văn hóa.' : undefined} />}
        />
      )}
    </>
  );
}
