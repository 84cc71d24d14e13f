// Truyền thông (/truyen-thong): the activities of the commune's villages, filtered by village,
// channel, month and campaign, with the period's sums on top — the households reached by name
// (ticked at a meeting, the TT indicator's kind) shown apart from the other reach.
import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAntenna, IconCalendarEvent, IconPhoto, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import {
  COMM_CHANNEL_LABELS,
  COMM_CHANNELS,
  COMM_PHASE_LABELS,
  COMM_TOPIC_SHORT,
  describeMeasures,
  formatAirtime,
  type CommActivityItem,
  type CommChannel,
} from '../../../shared/communication.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { ChannelBadge } from './ActivityFields.tsx';
import { useActivities, useCampaigns, useCommSummary } from './communication.api.ts';

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The months of this year and last, newest first: 'YYYY-MM'. */
function monthChoices(today: string) {
  const out: Array<{ value: string; label: string }> = [];
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  for (let i = 0; i < 24 && y >= 2025; i++) {
    out.push({ value: `${y}-${String(m).padStart(2, '0')}`, label: `Tháng ${m}/${y}` });
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
  }
  return out;
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Card padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>{label}</Text>
      <Text fw={700} fz={22} className="num" lh={1.3}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Card>
  );
}

export function CommunicationPage() {
  const session = useSession();
  const { me } = session;
  const { tree } = useOrgUnits();
  const today = todayInVietnam();
  const { values, page, set } = useUrlFilters(['thon', 'kenh', 'thang', 'dot'] as const);
  const month = values.thang || today.slice(0, 7);
  const villageId = values.thon ? Number(values.thon) : undefined;
  // The unit the page is about: the account's commune (or village); the chosen village narrows it.
  const unitId = me.orgUnit.level === 'province' ? undefined : me.orgUnit.id;
  const list = useActivities({
    orgUnitId: unitId, villageId, channel: (values.kenh || undefined) as CommChannel | undefined, month, campaignId: values.dot || undefined, page, pageSize: 50,
  });
  const summary = useCommSummary({ orgUnitId: villageId ?? unitId, from: `${month}-01`, to: month === today.slice(0, 7) ? today : monthEnd(month) });
  const campaigns = useCampaigns({ orgUnitId: unitId });
  const villages = tree.villages;
  const s = summary.data;

  const columns: Column<CommActivityItem>[] = [
    { key: 'date', header: 'Ngày', render: (a) => formatDate(a.activityOn), nowrap: true, width: 96 },
    {
      key: 'channel',
      header: 'Hình thức',
      render: (a) => (
        <Stack gap={2} align="flex-start">
          <ChannelBadge channel={a.channel} />
          <Text size="xs" c="dimmed">{COMM_PHASE_LABELS[a.phase]}</Text>
        </Stack>
      ),
    },
    {
      key: 'where',
      header: 'Thôn',
      render: (a) => (a.villages.length
        ? <Text size="sm" style={a.villages.length === 1 ? { whiteSpace: 'nowrap' } : undefined}>{a.villages.map((v) => v.name).join(', ')}</Text>
        : <Text size="sm" c="dimmed">Toàn xã</Text>),
    },
    { key: 'topics', header: 'Nội dung', render: (a) => <Text size="sm">{a.topics.map((t) => COMM_TOPIC_SHORT[t]).join(', ')}</Text> },
    {
      key: 'result',
      header: 'Kết quả',
      render: (a) => (
        <Stack gap={2}>
          <Text size="sm" className="num">{describeMeasures(a.channel, a.measures)}</Text>
          {a.householdCount > 0 && <Text size="xs" c="teal.8" className="num">{formatNumber(a.householdCount)} hộ có mặt</Text>}
        </Stack>
      ),
    },
    {
      key: 'by',
      header: 'Thực hiện',
      render: (a) => (
        <Stack gap={2}>
          <Text size="sm">{a.ranBy}</Text>
          <Group gap={4}>
            {a.fromPhone && <Badge size="xs" variant="outline" color="gray">Điện thoại</Badge>}
            {a.photoCount > 0 && <Badge size="xs" variant="light" color="gray" leftSection={<IconPhoto size={10} />}>{a.photoCount}</Badge>}
          </Group>
        </Stack>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Truyền thông"
        description="Hoạt động thông tin, tuyên truyền của các thôn và của xã (Kế hoạch, mục II.3)."
        actions={
          <>
            {session.can('communication.write') && (
              <Button component={Link} to="/truyen-thong/moi" leftSection={<IconPlus size={18} />} data-testid="new-activity">Ghi hoạt động</Button>
            )}
            <Button component={Link} to="/truyen-thong/dot" variant="default" leftSection={<IconCalendarEvent size={18} />}>Đợt truyền thông</Button>
            <Button component={Link} to="/truyen-thong/kenh" variant="default" leftSection={<IconAntenna size={18} />}>Kênh của các thôn</Button>
          </>
        }
      />

      <Group gap="sm" mb="md" wrap="wrap" align="flex-end">
        <Select
          label="Tháng"
          data={monthChoices(today)}
          value={month}
          onChange={(v) => set({ thang: v === today.slice(0, 7) ? null : v })}
          allowDeselect={false}
          w={170}
          data-testid="filter-month"
        />
        {!session.isVillageScoped && (
          <Select
            label="Thôn"
            placeholder="Tất cả các thôn"
            clearable
            searchable
            data={villages.map((v) => ({ value: String(v.id), label: v.name }))}
            value={values.thon || null}
            onChange={(v) => set({ thon: v })}
            w={200}
            data-testid="filter-village"
          />
        )}
        <Select
          label="Hình thức"
          placeholder="Tất cả"
          clearable
          data={COMM_CHANNELS.map((c) => ({ value: c, label: COMM_CHANNEL_LABELS[c] }))}
          value={values.kenh || null}
          onChange={(v) => set({ kenh: v })}
          w={240}
          data-testid="filter-channel"
        />
        <Select
          label="Đợt truyền thông"
          placeholder="Tất cả"
          clearable
          data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={values.dot || null}
          onChange={(v) => set({ dot: v })}
          w={260}
        />
      </Group>

      {s && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" mb="md" data-testid="comm-summary">
          <Stat label="Hoạt động" value={formatNumber(s.total.activities)} hint={villageId ? undefined : `${s.units.filter((u) => u.activities > 0).length}/${s.units.length} thôn có hoạt động`} />
          <Stat label="Hộ dự họp thôn (điểm danh)" value={formatNumber(s.total.meetingHouseholds)} hint="tính vào chỉ tiêu TT" testId="stat-meeting-households" />
          <Stat label="Hộ lần đầu được thông tin" value={formatNumber(s.newlyInformed)} hint={`họp thôn và lượt hỗ trợ tại hộ`} />
          <Stat label="Loa truyền thanh" value={`${formatNumber(s.total.newsItems)} tin`} hint={formatAirtime(s.total.airtimeMinutes)} />
          <Stat label="Họp, sinh hoạt" value={formatNumber(s.total.meetings)} hint={`${formatNumber(s.total.attendees)} lượt người dự`} />
          <Stat label="Zalo, mạng xã hội" value={`${formatNumber(s.total.posts)} bài`} hint={s.total.reach ? `${formatNumber(s.total.reach)} lượt tiếp cận` : 'số liệu tham khảo'} />
        </SimpleGrid>
      )}

      {list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <ListView
            rows={list.data?.items}
            loading={list.isPending}
            columns={columns}
            rowKey={(a) => a.id}
            rowHref={(a) => `/truyen-thong/${a.id}`}
            testId="activity-list"
            minWidth={900}
            card={(a) => (
              <Stack gap={4}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <ChannelBadge channel={a.channel} />
                  <Text size="sm" c="dimmed">{formatDate(a.activityOn)}</Text>
                </Group>
                <Text size="sm" fw={600}>{a.villages.length ? a.villages.map((v) => v.name).join(', ') : 'Toàn xã'}</Text>
                <Text size="sm">{describeMeasures(a.channel, a.measures)}{a.householdCount ? ` · ${formatNumber(a.householdCount)} hộ có mặt` : ''}</Text>
                <Text size="xs" c="dimmed">{a.topics.map((t) => COMM_TOPIC_SHORT[t]).join(', ')} · {a.ranBy}</Text>
              </Stack>
            )}
            empty={
              <Empty
                title="Chưa có hoạt động nào"
                description={`Không có hoạt động truyền thông nào trong tháng ${Number(month.slice(5))}/${month.slice(0, 4)} theo bộ lọc đã chọn.`}
              />
            }
          />
          {list.data && list.data.total > 0 && (
            <PaginationBar page={page} pageSize={list.data.pageSize} total={list.data.total} onChange={(p) => set({ trang: p })} noun="hoạt động" />
          )}
        </>
      )}
      <Text size="xs" c="dimmed" mt="md">
        Chỉ hộ có tên trong danh sách (điểm danh khi họp thôn, lượt hỗ trợ tại hộ) được tính vào chỉ tiêu hộ gia đình được thông tin (TT).
        Lượt nghe loa, thành viên nhóm Zalo, lượt tiếp cận và ấn phẩm là số liệu tham khảo. <Anchor component={Link} to="/chi-so" size="xs">Xem chỉ số TT</Anchor>
      </Text>
    </>
  );
}
