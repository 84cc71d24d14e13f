// The plan's eight indicators for the account's area and a chosen period (month, quarter,
// year to date): the unit's figures against its targets, each village or commune beside
// them, the year's course and ranking, and the counts by month. Every figure opens the people
// or households behind it (not for the province, which sees counts only).
import { Alert, Button, Card, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconRefresh, IconTarget } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { FIRST_INDICATOR_YEAR, PERIOD_TYPE_LABELS, PERIOD_TYPES, quarterOf, type IndicatorCode, type PeriodType } from '../../../shared/indicators.ts';
import { formatDate, formatNumber, unitName } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader, type Crumb } from '../../components/PageHeader.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { WhenVisible } from '../../components/WhenVisible.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { IndicatorCards } from './DashboardCards.tsx';
import { DashboardCounts } from './DashboardCounts.tsx';
import { DashboardCommunication } from '../communication/DashboardCommunication.tsx';
import { DashboardUnitTable } from './DashboardUnitTable.tsx';
import { useDashboard, type IndicatorSelection } from './indicators.api.ts';
import { selectionSearch, useIndicatorSelection } from './selection.ts';
import { TrainedByVillageCard } from '../trainings/TrainedByVillageCard.tsx';
import { todayInVietnam } from '../../../shared/calendar.ts';

const ROMAN = ['I', 'II', 'III', 'IV'];
// ECharts is most of this page's weight: the figures show first, the charts follow.
const DashboardCharts = lazy(() => import('./DashboardCharts.tsx').then((m) => ({ default: m.DashboardCharts })));

/** Period type, year and month (or quarter): only periods that have started can be chosen. */
function PeriodControls({ selection, shownMonth, onChange }: { selection: IndicatorSelection; shownMonth: number; onChange: (patch: Partial<IndicatorSelection>) => void }) {
  const today = todayInVietnam();
  const thisYear = Number(today.slice(0, 4));
  const year = selection.year ?? thisYear;
  const lastMonth = year === thisYear ? Number(today.slice(5, 7)) : 12;
  const years = Array.from({ length: thisYear - FIRST_INDICATOR_YEAR + 1 }, (_, i) => String(thisYear - i));
  const months = Array.from({ length: lastMonth }, (_, i) => ({ value: String(i + 1), label: selection.period === 'ytd' ? `Đến hết tháng ${i + 1}` : `Tháng ${i + 1}` }));
  const quarters = Array.from({ length: quarterOf(lastMonth) }, (_, i) => ({ value: String(3 * i + 3), label: `Quý ${ROMAN[i]}` }));
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        data={PERIOD_TYPES.map((p) => ({ value: p, label: p === 'ytd' ? 'Lũy kế năm' : PERIOD_TYPE_LABELS[p] }))}
        value={selection.period}
        onChange={(v) => onChange({ period: v as PeriodType, month: null })}
        aria-label="Loại kỳ"
        data-testid="period-type"
      />
      <Select
        aria-label="Năm"
        data={years}
        value={String(year)}
        onChange={(v) => v && onChange({ year: Number(v) === thisYear ? null : Number(v), month: null })}
        allowDeselect={false}
        w={100}
      />
      {selection.period === 'quarter' ? (
        <Select aria-label="Quý" data={quarters} value={String(3 * quarterOf(Math.min(shownMonth, lastMonth)))} onChange={(v) => v && onChange({ month: Number(v) })} allowDeselect={false} w={120} />
      ) : (
        <Select aria-label="Tháng" data={months} value={String(Math.min(shownMonth, lastMonth))} onChange={(v) => v && onChange({ month: Number(v) })} allowDeselect={false} w={selection.period === 'ytd' ? 190 : 130} data-testid="period-month" />
      )}
    </Group>
  );
}

export function DashboardPage() {
  const { me, can, isVillageScoped } = useSession();
  const { tree } = useOrgUnits();
  const { selection, setSelection } = useIndicatorSelection();
  const [chartCode, setChartCode] = useState<IndicatorCode>('DD');
  const { data, error, isPending, isFetching, refetch } = useDashboard(selection);
  const canDrill = can('registry.read');
  const unitId = selection.orgUnitId ?? me.orgUnit.id;

  // The way back up: the unit's parents inside the account's area.
  const crumbs: Crumb[] = [];
  for (let parentId = tree.byId.get(unitId)?.parentId ?? null; parentId !== null; ) {
    const parent = tree.byId.get(parentId);
    if (!parent) break;
    crumbs.unshift({ label: unitName(parent.name, parent.level), to: `/chi-so${selectionSearch({ ...selection, orgUnitId: parent.id === me.orgUnit.id ? null : parent.id })}` });
    parentId = parent.parentId;
  }

  const unitLabel = data ? unitName(data.unit.name, data.unit.level) : tree.name(unitId);
  return (
    <>
      <PageHeader
        title="Chỉ số, chỉ tiêu"
        crumbs={crumbs.length ? [...crumbs, { label: unitLabel }] : undefined}
        description={data ? <>{unitLabel} · {data.period.label} · số liệu đến hết ngày {formatDate(data.period.end)}</> : 'Đang tải…'}
        actions={
          <Group gap="xs">
            <Button variant="default" leftSection={<IconRefresh size={18} />} onClick={() => refetch()} loading={isFetching && !isPending}>Cập nhật</Button>
            <Button variant="light" component={Link} to={`/chi-tieu${selectionSearch({ period: 'month', orgUnitId: selection.orgUnitId, year: selection.year })}`} leftSection={<IconTarget size={18} />}>
              Chỉ tiêu năm
            </Button>
          </Group>
        }
      />
      <Card withBorder padding="sm" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          {!isVillageScoped && (
            <OrgUnitPicker
              value={unitId}
              onChange={(id) => setSelection({ orgUnitId: id === me.orgUnit.id ? null : id })}
              placeholder="Chọn đơn vị"
              aria-label="Đơn vị"
              w={{ base: '100%', sm: 300 }}
              data-testid="unit-picker"
            />
          )}
          <PeriodControls selection={selection} shownMonth={data?.period.month ?? Number(todayInVietnam().slice(5, 7))} onChange={setSelection} />
        </Group>
      </Card>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {isPending && <LoadingBlock rows={6} />}
      {data && (
        <Stack gap="md" style={{ opacity: isFetching && !isPending ? 0.7 : 1, transition: 'opacity 120ms' }} data-testid="dashboard">
          {data.pendingVillages > 0 && (
            <Alert color="blue" variant="light" icon={<IconInfoCircle />} py="xs">
              Đang cập nhật số liệu mới đồng bộ của {formatNumber(data.pendingVillages)} thôn; trang tự làm mới sau ít giây.
            </Alert>
          )}
          {!canDrill && (
            <Text size="sm" c="dimmed">Vai trò của bạn xem số liệu tổng hợp; danh sách người dân phía sau mỗi con số chỉ hiển thị cho cán bộ xã, thôn.</Text>
          )}
          <Group gap="lg" wrap="wrap">
            <Text size="sm"><Text span c="dimmed">Nhân khẩu: </Text><Text span fw={600} className="num">{formatNumber(data.summary.residents)}</Text></Text>
            <Text size="sm"><Text span c="dimmed">Hộ gia đình: </Text><Text span fw={600} className="num">{formatNumber(data.summary.households)}</Text></Text>
            <Text size="sm"><Text span c="dimmed">Lượt hỗ trợ trong kỳ: </Text><Text span fw={600} className="num">{formatNumber(data.summary.counts.visits)}</Text></Text>
            <Text size="sm"><Text span c="dimmed">Người được hỗ trợ: </Text><Text span fw={600} className="num">{formatNumber(data.summary.counts.peopleSupported)}</Text></Text>
          </Group>
          <IndicatorCards unit={data.summary} selection={selection} canDrill={canDrill} />
          {data.children.length > 0 && (
            <Card withBorder padding="md">
              <Text fw={600} mb={4}>{data.children[0].level === 'commune' ? 'Theo xã, phường' : 'Theo thôn'}</Text>
              <Text size="sm" c="dimmed" mb="sm">Ô nền đỏ, có mũi tên đi xuống: chậm so với đường tiến độ đến chỉ tiêu cuối năm. Bấm tên để xem riêng đơn vị{canDrill ? ', bấm số để xem những người chưa đạt' : ''}.</Text>
              <DashboardUnitTable summary={data.summary} units={data.children} selection={selection} canDrill={canDrill} />
            </Card>
          )}
          <DashboardCommunication
            unitId={data.unit.id}
            from={data.period.start}
            to={data.period.end}
            periodLabel={data.period.label}
            unitsLabel={data.children[0]?.level === 'commune' ? 'Xã' : 'Thôn'}
            units={data.children.map((c) => ({ id: c.id, tt: c.indicators.TT }))}
            total={data.summary.indicators.TT}
          />
          {/* ECharts loads and draws when the charts scroll into view, not with the page. */}
          <WhenVisible height={340} placeholder={<Card withBorder padding="md" h={340} data-testid="charts-pending" />}>
            <Suspense fallback={<Card withBorder padding="md" h={340}><LoadingBlock rows={4} /></Card>}>
              <DashboardCharts data={data} code={chartCode} onCode={setChartCode} />
            </Suspense>
          </WhenVisible>
          <DashboardCounts data={data} />
          {can('trainings.read') && <TrainedByVillageCard orgUnitId={unitId} from={data.period.start} to={data.period.end} level={data.summary.level} />}
        </Stack>
      )}
    </>
  );
}
