// The field app's first screen: who and where, the ways into the households, my visits of
// today with their sync state, and the village's figures as of the last sync. "Cần đến tiếp"
// opens the next-visit list: households still "chưa đạt", mine first.
import { Alert, Button, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronRight, IconHomeStar, IconSchool, IconRefresh, IconRoute, IconSpeakerphone, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { trainingState, useFieldTrainings } from './field-trainings.ts';
import { formatNumber, formatPercent, unitName } from '../app/format.ts';
import type { VillageFigures } from '../../shared/sync.ts';
import { useFieldSession } from './field-context.ts';
import { useFieldMeta, useMyEvents, useVillageData } from './field-data.ts';
import { nextVisits } from './field-rules.ts';
import { VisitCard } from './FieldParts.tsx';
import { useOutboxCounts, useSyncState, syncedAtText } from './SyncStatus.tsx';
import { syncNow } from './sync-engine.ts';
import { todayInVietnam } from '../../shared/calendar.ts';

/** The village figures' card on a 360 px phone (four rows and the month's visits): kept while they load. */
const FIGURES_MIN_HEIGHT = 300;

/** Said instead of a count until the village's first pull has landed (useVillageData). */
const LOADING = 'Đang tải danh sách hộ…';

export default function FieldHomePage() {
  useDocumentTitle('Thực địa · Tổ CNSCĐ');
  const { account, memberId, village } = useFieldSession();
  const data = useVillageData();
  const meta = useFieldMeta();
  const events = useMyEvents();
  const counts = useOutboxCounts();
  const sync = useSyncState();
  const today = todayInVietnam();
  const mine = data && memberId ? data.households.filter((h) => h.assignedMemberId === memberId).length : undefined;
  const todays = events?.filter((e) => todayInVietnam(new Date(e.recordedAt)) === today || e.eventDate === today) ?? [];
  const firstName = account.fullName.trim().split(/\s+/).pop();
  const neverSynced = meta && !meta.cursor;
  const toVisit = useMemo(() => (data ? nextVisits(data.households, data.membersOf, memberId, today) : undefined), [data, memberId, today]);
  const toVisitMine = toVisit?.filter((v) => v.mine).length ?? 0;
  // Village heads and team leaders record the village's communication on the phone.
  const canRecordActivities = account.permissions.includes('communication.write');
  // A team leader records the classes the team holds (school, cooperative, cultural house).
  const canRecordSessions = account.permissions.includes('sessions.record');
  // A team leader takes the attendance of the trainings inviting the village.
  const trainings = useFieldTrainings();
  const waitingTrainings = trainings?.filter((t) => trainingState(t).label === 'Chờ điểm danh').length ?? 0;

  // What the phone holds is read before anything below the greeting is drawn: cards appearing
  // one after another would push the page down as each local read lands (layout shift).
  const local = meta !== undefined && trainings !== undefined && events !== undefined && counts !== undefined;

  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz={22}>Xin chào, {firstName}</Title>
        <Text size="sm" c="dimmed">{account.roleLabel}{village ? ` · ${village.name}, ${unitName(village.communeName, 'commune')}` : ''}</Text>
      </div>

      {!local ? <Skeleton height={FIGURES_MIN_HEIGHT} radius="md" role="status" aria-label="Đang tải" /> : (<>
      {/* No network at the first start: said at the top (the first pull's progress is said in
          the figures' place below, so nothing moves when the village's data lands). */}
      {neverSynced && sync.offline && (
        <Alert color="orange" variant="light" title="Chưa tải được dữ liệu của thôn">
          Cần có mạng một lần để tải danh sách hộ về máy. Máy sẽ tự thử lại khi có mạng.
        </Alert>
      )}

      {counts && counts.refused > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={`${counts.refused} lượt bị từ chối`} data-testid="refused-alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Máy chủ không nhận các lượt này. Xem lý do để ghi lại cho đúng.</Text>
            <Button size="sm" color="red" variant="white" component={Link} to="/thuc-dia/luot">Xem lý do</Button>
          </Stack>
        </Alert>
      )}

      <Card component={Link} to="/thuc-dia/ho?can-den=1" padding="sm" bg="orange.0" c="orange.9" data-testid="go-next-visits" style={{ textDecoration: 'none', minHeight: 64 }}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <IconRoute size={26} />
            <div>
              <Text fw={700} lh={1.25}>Cần đến tiếp</Text>
              <Text size="sm" className="num">
                {toVisit === undefined ? LOADING : memberId ? `${formatNumber(toVisitMine)} hộ tôi phụ trách · ${formatNumber(toVisit.length)} hộ cả thôn còn chưa đạt` : `${formatNumber(toVisit.length)} hộ còn chưa đạt`}
              </Text>
            </div>
          </Group>
          <IconChevronRight size={20} />
        </Group>
      </Card>

      {memberId ? (
        <SimpleGrid cols={2} spacing="sm">
          <BigLink to="/thuc-dia/ho" icon={<IconHomeStar size={26} />} title="Hộ tôi phụ trách" count={mine} testId="go-my-households" primary />
          <BigLink to="/thuc-dia/ho?pham-vi=thon" icon={<IconUsers size={26} />} title="Cả thôn" count={data?.households.length} />
        </SimpleGrid>
      ) : (
        <BigLink to="/thuc-dia/ho?pham-vi=thon" icon={<IconUsers size={26} />} title="Hộ gia đình cả thôn" count={data?.households.length} testId="go-my-households" primary />
      )}

      {trainings && trainings.length > 0 && (
        <WorkCard to="/thuc-dia/tap-huan" testId="go-trainings" icon={<IconSchool size={26} />} title="Tập huấn của Tổ" color={waitingTrainings ? 'orange' : 'gray'}
          detail={waitingTrainings ? `${waitingTrainings} lớp chờ điểm danh` : `${trainings.length} lớp gần đây và sắp tới`} />
      )}

      {canRecordActivities && (
        <WorkCard to="/thuc-dia/truyen-thong" testId="go-communication" icon={<IconSpeakerphone size={26} />} title="Truyền thông" color="teal" detail="Ghi họp thôn, loa, Zalo… kèm ảnh và hộ có mặt" />
      )}

      {canRecordSessions && (
        <WorkCard to="/thuc-dia/buoi-huong-dan" testId="go-sessions" icon={<IconUsersGroup size={26} />} title="Buổi hướng dẫn tập trung" color="indigo" detail="Lớp ở trường, hợp tác xã, nhà văn hóa: ghi cả lớp một lần" />
      )}

      <section aria-labelledby="today-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz={17} id="today-title">Lượt hỗ trợ hôm nay</Title>
          <Text size="sm" c="dimmed">{todays.length} lượt</Text>
        </Group>
        {todays.length === 0 ? (
          <Card padding="md"><Text size="sm" c="dimmed">Chưa ghi lượt nào hôm nay. Chọn một hộ để ghi lượt hỗ trợ.</Text></Card>
        ) : (
          <Stack gap="xs" data-testid="today-visits">
            {todays.map((e) => <VisitCard key={e.id} event={e} />)}
          </Stack>
        )}
      </section>

      <section aria-labelledby="figures-title">
        <Group justify="space-between" mb="xs" align="flex-end">
          <div>
            <Title order={2} fz={17} id="figures-title">Số liệu của thôn</Title>
            <Text size="xs" c="dimmed" data-testid="figures-at">
              {meta?.figuresAt ? `Theo lần đồng bộ: ${syncedAtText(meta.lastSyncAt).replace('Đã đồng bộ ', '')}` : 'Chưa có số liệu'}
            </Text>
          </div>
          <Button variant="light" leftSection={<IconRefresh size={18} />} onClick={() => void syncNow()} loading={sync.running}>Đồng bộ ngay</Button>
        </Group>
        {/* The figures' card keeps its height while they load (no layout shift when they arrive). */}
        <div style={{ minHeight: FIGURES_MIN_HEIGHT }}>
          {meta?.figures ? (
            <Figures figures={meta.figures} />
          ) : (
            <Card padding="md" mih={FIGURES_MIN_HEIGHT} data-testid="figures-pending">
              <Text size="sm" fw={600}>{neverSynced && !sync.offline ? 'Đang tải dữ liệu của thôn…' : 'Chưa có số liệu'}</Text>
              <Text size="sm" c="dimmed">{neverSynced && !sync.offline ? 'Lần đầu có thể mất một lúc trên mạng yếu. Số liệu sẽ có sau lần đồng bộ đầu tiên.' : 'Số liệu sẽ có sau lần đồng bộ đầu tiên.'}</Text>
            </Card>
          )}
        </div>
      </section>
      </>)}
    </Stack>
  );
}

/** A way into one part of the team's work, with a line of what waits there. */
function WorkCard({ to, testId, icon, title, detail, color }: { to: string; testId: string; icon: ReactNode; title: string; detail: string; color: string }) {
  return (
    <Card component={Link} to={to} padding="sm" bg={`${color}.0`} c={color === 'gray' ? 'dark' : `${color}.9`} data-testid={testId} style={{ textDecoration: 'none', minHeight: 64 }}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          {icon}
          <div>
            <Text fw={700} lh={1.25}>{title}</Text>
            <Text size="sm">{detail}</Text>
          </div>
        </Group>
        <IconChevronRight size={20} />
      </Group>
    </Card>
  );
}

function BigLink({ to, icon, title, count, testId, primary }: { to: string; icon: ReactNode; title: string; count: number | undefined; testId?: string; primary?: boolean }) {
  return (
    <Card component={Link} to={to} padding="sm" data-testid={testId} bg={primary ? 'brand.7' : 'brand.0'} c={primary ? 'white' : 'brand.9'} style={{ minHeight: 84, textDecoration: 'none' }}>
      <Stack gap={2}>
        {icon}
        <Text fw={700} lh={1.25}>{title}</Text>
        <Text size="sm" className="num" opacity={0.85}>{count === undefined ? LOADING : `${formatNumber(count)} hộ`}</Text>
      </Stack>
    </Card>
  );
}

function Figures({ figures: f }: { figures: VillageFigures }) {
  const rows = [
    { label: 'Hộ đã được thông tin (TT)', part: f.householdsInformed, whole: f.households },
    { label: 'Định danh mức 2, từ 16 tuổi (DD)', part: f.vneidLevel2, whole: f.residents16Plus },
    { label: 'Ngân hàng số, từ 16 tuổi (NH)', part: f.bankAccount16Plus, whole: f.residents16Plus },
    { label: 'Kỹ năng số cơ bản, người lớn (KNS)', part: f.basicSkills, whole: f.adults },
  ];
  return (
    <Card padding="md" data-testid="village-figures">
      <Stack gap="sm">
        {rows.map((r) => (
          <div key={r.label}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">{r.label}</Text>
              <Text size="sm" fw={600} className="num" style={{ whiteSpace: 'nowrap' }}>{formatNumber(r.part)}/{formatNumber(r.whole)} · {formatPercent(r.part, r.whole)}</Text>
            </Group>
            <Progress value={r.whole ? (r.part / r.whole) * 100 : 0} size="sm" mt={4} aria-hidden />
          </div>
        ))}
        <Text size="sm">Lượt hỗ trợ trong tháng: <b className="num">{formatNumber(f.visitsThisMonth)}</b></Text>
      </Stack>
    </Card>
  );
}
