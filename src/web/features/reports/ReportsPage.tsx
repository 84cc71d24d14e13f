// Báo cáo (/bao-cao): what each role does with reports. A village head opens this month's and
// this quarter's report and sees past ones (returned ones first, with the reviewer's words);
// the commune office sees which villages have reported for a month, and writes the commune's
// own monthly or ad-hoc report; the commune leader sees what waits for approval; the province
// sees which communes have sent their report.
import { Alert, Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCalendarEvent, IconFileText, IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { FIRST_INDICATOR_YEAR } from '../../../shared/indicators.ts';
import { REPORT_DUE_DAY, REPORT_KIND_LABELS, type ReportKind, type ReportOpen, type ReportOverviewRow, type ReportStatus } from '../../../shared/reports.ts';
import { formatDate, formatDateTime, formatNumber, unitName } from '../../app/format.ts';
import { useSession, type Session } from '../../app/session.tsx';
import { notifyError, stripLabel } from '../../components/forms.ts';
import { ApiError } from '../../app/api.ts';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { AdhocReportModal } from './AdhocReportModal.tsx';
import { LateBadge, MonthPicker, QUARTER_NAMES, StatusBadge, previousMonth, quarterOf, vnToday } from './ReportBits.tsx';
import { openReport, useReportList, useReportOverview, useReportUpdated, type ReportListItem } from './reports.api.ts';
import './reports.css';
import { todayInVietnam } from '../../../shared/calendar.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');
const SUBMITTED: readonly ReportStatus[] = ['submitted', 'accepted', 'sent'];

/** Who writes reports: the village head for the village, Phòng VH-XH for the commune (the server checks the unit). */
const writesReports = (session: Session) => session.can('reports.write');

/** The day a period's report is due: REPORT_DUE_DAY of the month after the period. */
function dueOn(level: 'village' | 'commune', periodEndYear: number, periodEndMonth: number): string {
  const next = periodEndMonth === 12 ? { y: periodEndYear + 1, m: 1 } : { y: periodEndYear, m: periodEndMonth + 1 };
  return `${next.y}-${pad2(next.m)}-${pad2(REPORT_DUE_DAY[level])}`;
}

/** Opens (or creates) a report and goes to it. */
function useOpenReport() {
  const navigate = useNavigate();
  const updated = useReportUpdated();
  const [opening, setOpening] = useState<string | null>(null);
  /** Field errors go to `onFields` when given (the ad-hoc dates), else a notification says them. */
  const open = async (key: string, input: ReportOpen, onFields?: (fields: Record<string, string>) => void) => {
    setOpening(key);
    try {
      const report = await openReport(input);
      updated(report);
      navigate(`/bao-cao/${report.id}`);
    } catch (error) {
      if (onFields && error instanceof ApiError && error.fields.length > 0) onFields(Object.fromEntries(error.fields.map((f) => [f.path, stripLabel(f.path, f.message)])));
      else notifyError(error, 'Chưa mở được báo cáo');
    } finally {
      setOpening(null);
    }
  };
  return { open, opening };
}

// ---- A village head ----

interface PeriodCard {
  key: string;
  title: string;
  periodLabel: string;
  kind: ReportKind;
  year: number;
  month: number;
  periodStart: string;
  due: string;
}

/**
 * The periods a village head works on now: this month and this quarter (written during the
 * period, submitted once it ends), and the month or quarter before while its report is still
 * to be submitted (due early in the next month; after that, late).
 */
function villagePeriods(): { current: PeriodCard[]; previous: PeriodCard[] } {
  const t = vnToday();
  const q = quarterOf(t.month);
  const p = previousMonth(t.year, t.month);
  // The last month of the quarter before.
  const pq = previousMonth(t.year, 3 * q - 2);
  const month = (key: string, title: string, y: number, m: number): PeriodCard => ({ key, title, periodLabel: `Tháng ${m}/${y}`, kind: 'village_monthly', year: y, month: m, periodStart: `${y}-${pad2(m)}-01`, due: dueOn('village', y, m) });
  const quarter = (key: string, title: string, y: number, m: number, qq: number): PeriodCard => ({ key, title, periodLabel: `Quý ${QUARTER_NAMES[qq - 1]}/${y}`, kind: 'village_quarterly', year: y, month: m, periodStart: `${y}-${pad2(3 * qq - 2)}-01`, due: dueOn('village', y, 3 * qq) });
  return {
    current: [month('month', 'Báo cáo tháng này', t.year, t.month), quarter('quarter', 'Báo cáo quý này', t.year, t.month, q)],
    previous: [
      month('last-month', 'Báo cáo tháng trước', p.year, p.month),
      quarter('last-quarter', 'Báo cáo quý trước', pq.year, pq.month, quarterOf(pq.month)),
    ],
  };
}

function CurrentReportCard({ card, report, onOpen, opening, canWrite }: { card: PeriodCard; report: ReportListItem | undefined; onOpen: () => void; opening: boolean; canWrite: boolean }) {
  const status = report?.status ?? null;
  const action = !report ? 'Bắt đầu viết' : status === 'draft' ? 'Viết tiếp' : status === 'returned' ? 'Sửa và nộp lại' : 'Xem báo cáo';
  return (
    <Card padding="md" className={status === 'returned' ? 'report-returned' : undefined} data-testid={`report-card-${card.key}`}>
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Text fw={700}>{card.title}</Text>
            <Text size="sm" c="dimmed">{card.periodLabel} · hạn nộp {formatDate(report?.dueOn ?? card.due)}</Text>
          </div>
          <Group gap={6}>
            <StatusBadge status={status} missingLabel="Chưa viết" />
            {(report ? report.late : todayInVietnam() > card.due) && <LateBadge />}
            {report?.submittedLate && <LateBadge label="Nộp trễ" />}
          </Group>
        </Group>
        {status === 'returned' && report?.reviewComment && (
          <Text size="sm" c="orange.9" style={{ whiteSpace: 'pre-wrap' }}>Lý do trả lại: “{report.reviewComment}”</Text>
        )}
        {report || canWrite ? (
          report && !canWrite ? (
            <Button component={Link} to={`/bao-cao/${report.id}`} variant="light">Xem báo cáo</Button>
          ) : (
            <Button onClick={onOpen} loading={opening} variant={status && SUBMITTED.includes(status) ? 'light' : 'filled'} leftSection={<IconFileText size={18} />}>
              {action}
            </Button>
          )
        ) : null}
      </Stack>
    </Card>
  );
}

/** `sent`: the province's list, timed by when the leader sent each report rather than when it was submitted. */
function ReportRows({ rows, showUnit, sent = false, emptyText = 'Chưa có báo cáo nào.' }: { rows: ReportListItem[]; showUnit?: boolean; sent?: boolean; emptyText?: string }) {
  const at = (r: ReportListItem) => (sent ? r.sentAt : r.submittedAt);
  const columns: Column<ReportListItem>[] = [
    { key: 'kind', header: 'Báo cáo', render: (r) => <Text size="sm" fw={600}>{REPORT_KIND_LABELS[r.kind]}</Text> },
    ...(showUnit ? [{ key: 'unit', header: 'Đơn vị', render: (r: ReportListItem) => r.orgUnit.name }] : []),
    { key: 'period', header: 'Kỳ', render: (r) => r.periodLabel, nowrap: true },
    {
      key: 'status',
      header: 'Tình trạng',
      render: (r) => (
        <Stack gap={4}>
          <Group gap={6}>
            <StatusBadge status={r.status} />
            {r.late && <LateBadge />}
            {r.submittedLate && <LateBadge label="Nộp trễ" />}
          </Group>
          {r.status === 'returned' && r.reviewComment && <Text size="xs" c="orange.9" lineClamp={2}>“{r.reviewComment}”</Text>}
        </Stack>
      ),
    },
    { key: 'submitted', header: sent ? 'Gửi Sở lúc' : 'Nộp lúc', render: (r) => (at(r) ? formatDateTime(at(r)!) : '—'), nowrap: true },
  ];
  return (
    <ListView
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      rowHref={(r) => `/bao-cao/${r.id}`}
      testId="report-list"
      minWidth={640}
      card={(r) => (
        <Stack gap={4} className={r.status === 'returned' ? 'report-returned' : undefined}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600}>{REPORT_KIND_LABELS[r.kind]}{showUnit ? ` · ${r.orgUnit.name}` : ''}</Text>
            <StatusBadge status={r.status} />
          </Group>
          <Text size="sm" c="dimmed">{r.periodLabel}{at(r) ? ` · ${sent ? 'gửi Sở' : 'nộp'} ${formatDateTime(at(r)!)}` : ''}</Text>
          {(r.late || r.submittedLate) && <Group>{r.late ? <LateBadge /> : <LateBadge label="Nộp trễ" />}</Group>}
          {r.status === 'returned' && r.reviewComment && <Text size="sm" c="orange.9">Lý do trả lại: “{r.reviewComment}”</Text>}
        </Stack>
      )}
      empty={<Text size="sm" c="dimmed">{emptyText}</Text>}
    />
  );
}

/** Returned reports first (they wait for their writer), then the newest period first. */
function byUrgency(a: ReportListItem, b: ReportListItem): number {
  const rank = (r: ReportListItem) => (r.status === 'returned' ? 0 : 1);
  return rank(a) - rank(b) || b.periodStart.localeCompare(a.periodStart) || a.kind.localeCompare(b.kind);
}

function VillageHeadView() {
  const session = useSession();
  const { me } = session;
  const list = useReportList({ orgUnitId: me.orgUnit.id, pageSize: 200 });
  const { open, opening } = useOpenReport();
  const canWrite = writesReports(session);
  const periods = villagePeriods();
  const reports = list.data?.items ?? [];
  const find = (c: PeriodCard) => reports.find((r) => r.kind === c.kind && r.periodStart === c.periodStart);
  // A past period stays on top until its report is in; its card goes once submitted.
  const pending = list.isPending ? [] : periods.previous.filter((c) => c.year >= FIRST_INDICATOR_YEAR).filter((c) => {
    const status = find(c)?.status;
    return !status || status === 'draft' || status === 'returned';
  });
  const cards = [...pending, ...periods.current];
  const onCards = new Set(cards.map((c) => find(c)?.id).filter(Boolean));
  const past = reports.filter((r) => !onCards.has(r.id)).sort(byUrgency);
  const returned = reports.filter((r) => r.status === 'returned');
  return (
    <Stack gap="lg">
      {returned.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={`${returned.length} báo cáo bị trả lại`}>
          Phòng Văn hóa - Xã hội đã trả lại báo cáo kèm lý do. Mở báo cáo, sửa rồi nộp lại.
        </Alert>
      )}
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {cards.map((c) => (
          <CurrentReportCard
            key={c.key}
            card={c}
            report={list.isPending ? undefined : find(c)}
            canWrite={canWrite}
            opening={opening === c.key}
            onOpen={() => void open(c.key, { kind: c.kind, orgUnitId: me.orgUnit.id, year: c.year, month: c.month })}
          />
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">Báo cáo viết trong kỳ, nộp từ ngày đầu kỳ sau đến hạn nộp (ngày {REPORT_DUE_DAY.village} tháng sau).</Text>
      <Stack gap="xs">
        <Title order={2} fz="lg">Các báo cáo trước</Title>
        {list.isPending ? <LoadingBlock rows={3} /> : <ReportRows rows={past} />}
      </Stack>
    </Stack>
  );
}

// ---- Overview: who has reported for a month ----

function Count({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Card padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} fz={26} c={value > 0 ? color : undefined} className="num">{formatNumber(value)}</Text>
    </Card>
  );
}

/**
 * Who has reported. The server says what is late (never submitted, past due) and what came
 * in late (first submitted after the due day); to the province a commune's report is in once
 * the leader has sent it, and its time is the time it was sent.
 */
function Overview({ rows, unitWord, sentWord, province = false }: { rows: ReportOverviewRow[]; unitWord: string; sentWord: 'nộp' | 'gửi'; province?: boolean }) {
  const sent = (r: ReportOverviewRow) => r.status !== null && (province ? r.status === 'sent' : SUBMITTED.includes(r.status));
  const at = (r: ReportOverviewRow) => (province ? r.sentAt : r.submittedAt);
  const isLate = (r: ReportOverviewRow) => r.late || r.submittedLate;
  const counts = {
    sent: rows.filter(sent).length,
    missing: rows.filter((r) => !sent(r) && (province || r.status !== 'returned')).length,
    late: rows.filter(isLate).length,
    returned: rows.filter((r) => r.status === 'returned').length,
  };
  const columns: Column<ReportOverviewRow>[] = [
    { key: 'name', header: unitWord, render: (r) => <Text size="sm" fw={600}>{province ? unitName(r.name, 'commune') : r.name}</Text> },
    { key: 'status', header: 'Tình trạng', render: (r) => <StatusBadge status={r.status} missingLabel={`Chưa ${sentWord}`} /> },
    {
      key: 'at',
      header: `${sentWord === 'nộp' ? 'Nộp' : 'Gửi'} lúc`,
      nowrap: true,
      render: (r) => <Text size="sm" c={isLate(r) ? 'red.7' : undefined}>{at(r) ? formatDateTime(at(r)!) : '—'}</Text>,
    },
    {
      key: 'late',
      header: 'Hạn',
      render: (r) => (r.late ? <LateBadge /> : r.submittedLate ? <LateBadge label="Nộp trễ" /> : <Text size="sm" c="dimmed">{r.submittedAt ? 'Nộp đúng hạn' : 'Còn hạn'}</Text>),
    },
    { key: 'open', header: '', align: 'right', render: (r) => (r.reportId ? <Button component={Link} to={`/bao-cao/${r.reportId}`} size="xs" variant="subtle">Mở</Button> : null) },
  ];
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: province ? 3 : 4 }} spacing="xs">
        <Count label={`Đã ${sentWord}`} value={counts.sent} color="teal.8" testId="count-sent" />
        <Count label={`Chưa ${sentWord}`} value={counts.missing} color="gray.8" testId="count-missing" />
        <Count label="Trễ hạn" value={counts.late} color="red.7" testId="count-late" />
        {!province && <Count label="Bị trả lại" value={counts.returned} color="orange.8" testId="count-returned" />}
      </SimpleGrid>
      <ListView
        rows={rows}
        columns={columns}
        rowKey={(r) => r.orgUnitId}
        rowHref={(r) => (r.reportId ? `/bao-cao/${r.reportId}` : undefined)}
        testId="report-overview"
        minWidth={600}
        card={(r) => (
          <Group justify="space-between" gap="xs" wrap="nowrap" data-testid={`overview-${r.orgUnitId}`}>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>{province ? unitName(r.name, 'commune') : r.name}</Text>
              <Text size="xs" c={isLate(r) ? 'red.7' : 'dimmed'}>
                {at(r) ? `${sentWord === 'nộp' ? 'Nộp' : 'Gửi'} ${formatDateTime(at(r)!)}` : `Chưa ${sentWord}`}
                {r.late ? ' · trễ hạn' : r.submittedLate ? ' · nộp trễ' : ''}
              </Text>
            </div>
            <StatusBadge status={r.status} missingLabel={`Chưa ${sentWord}`} />
          </Group>
        )}
        empty={<Empty title={`Không có ${unitWord.toLocaleLowerCase('vi')} nào`} />}
      />
    </Stack>
  );
}

function useMonthChoice() {
  const { values, set } = useUrlFilters(['thang', 'nam', 'loai'] as const);
  const today = vnToday();
  // By default the month before: its reports are the ones being submitted and reviewed now.
  const fallback = previousMonth(today.year, today.month);
  const year = /^\d{4}$/.test(values.nam) ? Number(values.nam) : fallback.year;
  const wanted = /^\d{1,2}$/.test(values.thang) ? Number(values.thang) : fallback.month;
  const month = Math.min(Math.max(wanted, 1), year === today.year ? today.month : 12);
  const choose = (y: number, m: number) => set({ nam: y === fallback.year ? null : y, thang: y === fallback.year && m === fallback.month ? null : m });
  /** The villages' quarterly reports instead of the monthly ones (?loai=quy). */
  const quarterly = values.loai === 'quy';
  // Into quarters: the quarter before, whose reports are the ones due (back to months: the month before).
  const setQuarterly = (q: boolean) => {
    const last = previousMonth(today.year, 3 * quarterOf(today.month) - 2);
    set({ loai: q ? 'quy' : null, nam: q && last.year !== fallback.year ? last.year : null, thang: q ? last.month : null });
  };
  return { year, month, choose, quarterly, setQuarterly };
}

function Section({ title, right, children, testId }: { title: ReactNode; right?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Stack gap="sm" data-testid={testId}>
      <Group justify="space-between" gap="sm" align="center">
        <Title order={2} fz="lg">{title}</Title>
        {right}
      </Group>
      {children}
    </Stack>
  );
}

// ---- The commune: Phòng VH-XH and the commune leader ----

function CommuneView() {
  const session = useSession();
  const { me } = session;
  const communeId = me.orgUnit.id;
  const { year, month, choose, quarterly, setQuarterly } = useMonthChoice();
  const canWrite = writesReports(session);
  const leader = me.role === 'commune_leader';
  const overview = useReportOverview({ kind: quarterly ? 'village_quarterly' : 'village_monthly', orgUnitId: communeId, year, month });
  const quarter = quarterOf(month);
  const villagesDue = dueOn('village', year, quarterly ? 3 * quarter : month);
  const monthly = useReportList({ kind: 'commune_monthly', orgUnitId: communeId, pageSize: 200 });
  const adhoc = useReportList({ kind: 'commune_adhoc', orgUnitId: communeId, pageSize: 200 });
  const { open, opening } = useOpenReport();
  const [adhocOpen, setAdhocOpen] = useState(false);
  const [adhocErrors, setAdhocErrors] = useState<Record<string, string>>({});

  const communeReports = [...(monthly.data?.items ?? []), ...(adhoc.data?.items ?? [])].sort(byUrgency);
  const waiting = communeReports.filter((r) => r.status === 'submitted');
  const others = communeReports.filter((r) => !(leader && r.status === 'submitted'));
  const periodStart = `${year}-${pad2(month)}-01`;
  const thisMonths = (monthly.data?.items ?? []).find((r) => r.periodStart === periodStart);
  const card: PeriodCard = { key: 'commune-month', title: 'Báo cáo tháng của xã', periodLabel: `Tháng ${month}/${year}`, kind: 'commune_monthly', year, month, periodStart, due: dueOn('commune', year, month) };

  return (
    <Stack gap="xl">
      {leader && (
        <Section title={`Chờ lãnh đạo duyệt (${waiting.length})`} testId="reports-waiting">
          {monthly.isPending || adhoc.isPending ? (
            <LoadingBlock rows={2} />
          ) : waiting.length > 0 ? (
            <ReportRows rows={waiting} />
          ) : (
            <Text size="sm" c="dimmed">Không có báo cáo nào chờ duyệt.</Text>
          )}
        </Section>
      )}

      <Group justify="space-between" gap="sm">
        <Group gap="xs">
          <IconCalendarEvent size={20} />
          <Text fw={600}>Kỳ báo cáo</Text>
          <SegmentedControl
            aria-label="Loại kỳ"
            data={[{ value: 'thang', label: 'Tháng' }, { value: 'quy', label: 'Quý' }]}
            value={quarterly ? 'quy' : 'thang'}
            onChange={(v) => setQuarterly(v === 'quy')}
            data-testid="report-period-type"
          />
          <MonthPicker year={year} month={month} onChange={choose} quarter={quarterly} />
        </Group>
        {canWrite && (
          <Button variant="light" leftSection={<IconPlus size={18} />} onClick={() => setAdhocOpen(true)}>Báo cáo đột xuất</Button>
        )}
      </Group>

      {!quarterly && (<SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {monthly.isPending ? (
          <LoadingBlock rows={2} />
        ) : (
          <CurrentReportCard
            card={card}
            report={thisMonths}
            canWrite={canWrite}
            opening={opening === card.key}
            onOpen={() => void open(card.key, { kind: 'commune_monthly', orgUnitId: communeId, year, month })}
          />
        )}
      </SimpleGrid>)}

      <Section title={quarterly ? `Báo cáo quý ${QUARTER_NAMES[quarter - 1]}/${year} của các thôn` : `Báo cáo tháng ${month}/${year} của các thôn`} testId="reports-villages">
        <Text size="sm" c="dimmed">Hạn nộp: ngày {formatDate(villagesDue)}. Bấm vào một thôn để xem, tiếp nhận hoặc trả lại báo cáo.</Text>
        {overview.error ? <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} /> : overview.isPending ? <LoadingBlock /> : <Overview rows={overview.data ?? []} unitWord="Thôn" sentWord="nộp" />}
      </Section>

      <Section title="Báo cáo của xã">
        {monthly.error || adhoc.error ? (
          <ErrorAlert error={monthly.error ?? adhoc.error} />
        ) : monthly.isPending || adhoc.isPending ? (
          <LoadingBlock rows={3} />
        ) : (
          <ReportRows rows={others} />
        )}
      </Section>

      {canWrite && (
        <AdhocReportModal
          opened={adhocOpen}
          onClose={() => setAdhocOpen(false)}
          loading={opening === 'adhoc'}
          serverErrors={adhocErrors}
          onConfirm={(from, to) => {
            setAdhocErrors({});
            void open('adhoc', { kind: 'commune_adhoc', orgUnitId: communeId, year: Number(from.slice(0, 4)), from, to }, setAdhocErrors);
          }}
        />
      )}
    </Stack>
  );
}

// ---- The province ----

function ProvinceView() {
  const { me } = useSession();
  const { year, month, choose } = useMonthChoice();
  const overview = useReportOverview({ kind: 'commune_monthly', orgUnitId: me.orgUnit.id, year, month });
  const adhoc = useReportList({ kind: 'commune_adhoc', year, pageSize: 200 });
  return (
    <Stack gap="xl">
      <Group gap="xs">
        <IconCalendarEvent size={20} />
        <Text fw={600}>Kỳ báo cáo</Text>
        <MonthPicker year={year} month={month} onChange={choose} />
      </Group>
      <Section title={`Báo cáo tháng ${month}/${year} của các xã`} testId="reports-communes">
        <Text size="sm" c="dimmed">Hạn gửi: ngày {formatDate(dueOn('commune', year, month))}. Bấm vào một xã đã gửi để xem và tải báo cáo.</Text>
        {overview.error ? <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} /> : overview.isPending ? <LoadingBlock /> : <Overview rows={overview.data ?? []} unitWord="Xã" sentWord="gửi" province />}
      </Section>
      <Section title={`Báo cáo đột xuất năm ${year}`}>
        {adhoc.isPending ? <LoadingBlock rows={2} /> : adhoc.error ? <ErrorAlert error={adhoc.error} /> : <ReportRows rows={(adhoc.data?.items ?? []).filter((r) => r.status === 'sent')} showUnit sent emptyText="Chưa xã nào gửi báo cáo đột xuất trong năm." />}
      </Section>
    </Stack>
  );
}

export function ReportsPage() {
  const { me } = useSession();
  const level = me.orgUnit.level;
  const description =
    level === 'village'
      ? `Báo cáo tháng, quý của ${me.orgUnit.name} gửi Phòng Văn hóa - Xã hội; hạn nộp ngày ${REPORT_DUE_DAY.village} tháng sau.`
      : level === 'commune'
        ? `Báo cáo của các thôn gửi xã và báo cáo của xã gửi Sở KH&CN (hạn ngày ${REPORT_DUE_DAY.commune} tháng sau).`
        : 'Báo cáo của các xã gửi Sở Khoa học và Công nghệ.';
  return (
    <>
      <PageHeader title="Báo cáo" description={description} badge={level === 'village' ? <Badge variant="light" style={{ textTransform: 'none' }}>{me.orgUnit.name}</Badge> : undefined} />
      {level === 'village' ? <VillageHeadView /> : level === 'commune' ? <CommuneView /> : <ProvinceView />}
    </>
  );
}
