// Section I of a report as the document prints it, from the frozen figures: teams and
// members, the support given, the eight indicators against their targets and, for a commune,
// the table by village and which villages have reported. Tables come from the same builders
// as the .docx (report-document.ts), so the page and the paper say the same numbers.
import { Anchor, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { SUPPORT_COUNT_KEYS, SUPPORT_COUNT_LABELS } from '../../../shared/indicators.ts';
import {
  formatCell,
  formatCount,
  formatMonth,
  formatPercent,
  formatPoints,
  indicatorResult,
  indicatorSummaryTable,
  type IndicatorRow,
  type ReportColumn,
  type ReportTable,
} from '../../../shared/report-document.ts';
import type { ReportStatus, ReportView } from '../../../shared/reports.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { StatusBadge } from './ReportBits.tsx';

function Item({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={3} fz="md">{n}. {title}</Title>
      {children}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card padding="sm" withBorder>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} fz="lg" className="num">{value}</Text>
    </Card>
  );
}

const alignOf = (column: ReportColumn) => (column.kind === 'text' ? 'left' : column.kind === 'index' ? 'center' : 'right');

/** A document table as HTML: grouped headers on two rows, the total row bold. */
export function DocumentTable({ table, testId, minWidth }: { table: ReportTable; testId?: string; minWidth?: number }) {
  const grouped = table.columns.some((c) => c.group);
  // Runs of columns sharing a group become one header cell above them.
  const top: Array<{ label: string; span: number; column?: ReportColumn }> = [];
  for (const column of table.columns) {
    const last = top[top.length - 1];
    if (column.group && last && !last.column && last.label === column.group) last.span += 1;
    else top.push(column.group ? { label: column.group, span: 1 } : { label: column.header, span: 1, column });
  }
  return (
    <Stack gap={4}>
      {table.unit && <Text size="xs" c="dimmed" ta="right" fs="italic">{table.unit}</Text>}
      <Table.ScrollContainer minWidth={minWidth ?? 0} type="native">
        <Table withTableBorder withColumnBorders fz="sm" data-testid={testId} style={{ background: 'var(--mantine-color-body)' }}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              {top.map((cell, i) => (
                <Table.Th key={i} colSpan={cell.span} rowSpan={grouped && cell.column ? 2 : 1} ta="center" style={{ verticalAlign: 'middle' }}>
                  {cell.label}
                </Table.Th>
              ))}
            </Table.Tr>
            {grouped && (
              <Table.Tr>
                {table.columns.filter((c) => c.group).map((c, i) => (
                  <Table.Th key={i} ta="center" fw={500} fz="xs">{c.header}</Table.Th>
                ))}
              </Table.Tr>
            )}
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row, r) => (
              <Table.Tr key={r} fw={row.total ? 700 : undefined}>
                {row.cells.map((cell, c) => {
                  const column = table.columns[c]!;
                  return (
                    <Table.Td key={c} ta={alignOf(column)} className={column.kind === 'text' ? undefined : 'num'} style={{ whiteSpace: column.kind === 'text' && !grouped ? undefined : 'nowrap' }}>
                      {formatCell(cell, column)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The indicator table on a phone: one card per indicator, the rate large, the rest beneath. */
function IndicatorCards({ report }: { report: ReportView }) {
  const { figures } = report;
  return (
    <Stack gap="xs" data-testid="report-indicators">
      {figures.indicators.map(({ code, name }, index) => {
        const figure = figures.total.figures[code];
        const result = figure ? indicatorResult(figure) : null;
        return (
          <Card key={code} padding="sm" withBorder>
            <Text size="sm" fw={600}>{index + 1}. {name}</Text>
            {figure && result ? (
              <Group justify="space-between" align="flex-end" mt={4} wrap="nowrap">
                <div>
                  <Text fz="xl" fw={700} className="num">{result.actual === null ? '-' : formatPercent(result.actual)}</Text>
                  <Text size="xs" c="dimmed" className="num">{formatCount(figure.numerator)} / {formatCount(figure.denominator)}</Text>
                </div>
                <Stack gap={0} align="flex-end">
                  <Text size="xs" className="num">Kế hoạch: {figure.target === null ? '-' : formatPercent(figure.target)}</Text>
                  <Text size="xs" className="num">So với KH: {result.ofTarget === null ? '-' : formatPercent(result.ofTarget)}</Text>
                  <Text size="xs" className="num" c={result.change !== null && formatPoints(result.change).startsWith('-') ? 'red.7' : undefined}>
                    Tăng, giảm: {result.change === null ? '-' : `${formatPoints(result.change)} điểm %`}
                  </Text>
                </Stack>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">Không có số liệu</Text>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}

/**
 * The figures by village on screen: one column per indicator (its code; the names below),
 * the rate with its change under it, so sixteen figures a row fit a 1280 px desk unscrolled.
 * The printed appendix keeps the document's two columns per indicator on a landscape page.
 * On a phone: one indicator at a time, chosen above the villages.
 */
function VillageFiguresTable({ report }: { report: ReportView }) {
  const isMobile = useIsMobile();
  const { figures } = report;
  const [code, setCode] = useState(figures.indicators[0]?.code ?? '');
  const rows = [...figures.villages.map((row) => ({ row, total: false })), { row: figures.total, total: true }];
  const cell = (row: IndicatorRow, c: string) => {
    const figure = row.figures[c];
    const result = figure ? indicatorResult(figure) : null;
    const change = result?.change == null ? null : formatPoints(result.change);
    return (
      <>
        <Text size="sm" fw={600} className="num">{result?.actual == null ? '-' : formatPercent(result.actual)}</Text>
        <Text size="xs" className="num" c={change?.startsWith('-') ? 'red.7' : 'dimmed'}>{change ?? '-'}</Text>
      </>
    );
  };
  if (isMobile) {
    return (
      <Stack gap="xs">
        <NativeSelect size="md" label="Chỉ tiêu" value={code} onChange={(e) => setCode(e.currentTarget.value)} data={figures.indicators.map((i) => ({ value: i.code, label: `${i.code} · ${i.name}` }))} />
        <Table withTableBorder fz="sm" data-testid="report-villages" style={{ background: 'var(--mantine-color-body)' }}>
          <Table.Thead bg="gray.0">
            <Table.Tr><Table.Th>Thôn</Table.Th><Table.Th ta="right">Tỷ lệ · tăng, giảm</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ row, total }) => (
              <Table.Tr key={row.name} fw={total ? 700 : undefined}>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td ta="right">{cell(row, code)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">Tỷ lệ đạt (%); dưới là mức tăng, giảm (điểm %) so với kỳ trước.</Text>
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <Table withTableBorder withColumnBorders fz="sm" data-testid="report-villages" style={{ background: 'var(--mantine-color-body)' }}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>Thôn</Table.Th>
            {figures.indicators.map((i) => (
              <Table.Th key={i.code} ta="right" title={i.name}>{i.code}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ row, total }) => (
            <Table.Tr key={row.name} fw={total ? 700 : undefined}>
              <Table.Td>{row.name}</Table.Td>
              {figures.indicators.map((i) => <Table.Td key={i.code} ta="right">{cell(row, i.code)}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Tỷ lệ đạt (%); dưới là mức tăng, giảm (điểm %) so với kỳ trước.{' '}
        {figures.indicators.map((i) => `${i.code}: ${i.name}`).join(' · ')}.
      </Text>
    </Stack>
  );
}

function VillageReports({ report }: { report: ReportView }) {
  const { me } = useSession();
  // The province reads only finished reports: other villages' drafts are not links for it.
  const opens = (status: ReportStatus | null) => me.orgUnit.level !== 'province' || status === 'accepted' || status === 'sent';
  const rows = report.villageReports ?? [];
  const accepted = rows.filter((r) => r.status === 'accepted').length;
  const missing = rows.filter((r) => !r.status || r.status === 'draft');
  return (
    <Stack gap="xs" data-testid="report-village-reports">
      <Text size="sm">
        {accepted}/{rows.length} thôn có báo cáo đã tiếp nhận
        {missing.length > 0 && <>; chưa nộp: <b>{missing.map((r) => r.name).join(', ')}</b></>}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" verticalSpacing={6}>
        {rows.map((r) => (
          <Group key={r.orgUnitId} gap="xs" wrap="nowrap" justify="space-between" p={6} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, background: 'var(--mantine-color-body)' }}>
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              {r.status === 'accepted' && <IconCheck size={16} color="var(--mantine-color-teal-7)" aria-label="Đã tiếp nhận" />}
              {r.reportId && opens(r.status) ? (
                <Anchor component={Link} to={`/bao-cao/${r.reportId}`} size="sm" truncate>{r.name}</Anchor>
              ) : (
                <Text size="sm" truncate>{r.name}</Text>
              )}
            </Group>
            <StatusBadge status={r.status} missingLabel="Chưa nộp" />
          </Group>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function ReportFiguresView({ report }: { report: ReportView }) {
  const isMobile = useIsMobile();
  const { figures, activity } = report;
  const commune = report.orgUnit.level === 'commune';
  const teams = activity.teams;
  const counts = figures.monthsTotal;
  let n = 0;
  return (
    <Stack gap="lg" data-testid="report-figures">
      <Item n={++n} title="Tổ Công nghệ số cộng đồng">
        <SimpleGrid cols={{ base: 2, sm: commune ? 4 : 3 }} spacing="xs">
          {commune && <Figure label="Thôn có Tổ CNSCĐ" value={`${formatCount(teams.withTeam)}/${formatCount(teams.villages)}`} />}
          <Figure label="Số tổ" value={formatCount(teams.teams)} />
          <Figure label="Thành viên hoạt động" value={formatCount(teams.activeMembers)} />
          <Figure label="Là đoàn viên thanh niên" value={formatCount(teams.youthUnionMembers)} />
        </SimpleGrid>
      </Item>

      <Item n={++n} title="Hỗ trợ người dân">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="report-support">
          {SUPPORT_COUNT_KEYS.map((key) => (
            <Figure key={key} label={SUPPORT_COUNT_LABELS[key]} value={formatCount(counts[key])} />
          ))}
        </SimpleGrid>
        {figures.months.length > 1 && (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table withTableBorder withColumnBorders fz="sm" style={{ background: 'var(--mantine-color-body)' }}>
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>Tháng</Table.Th>
                  {SUPPORT_COUNT_KEYS.map((key) => <Table.Th key={key} ta="right">{SUPPORT_COUNT_LABELS[key]}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {figures.months.map((m) => (
                  <Table.Tr key={m.month}>
                    <Table.Td>{formatMonth(m.month)}</Table.Td>
                    {SUPPORT_COUNT_KEYS.map((key) => <Table.Td key={key} ta="right" className="num">{formatCount(m[key])}</Table.Td>)}
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Td>Cả kỳ</Table.Td>
                  {SUPPORT_COUNT_KEYS.map((key) => <Table.Td key={key} ta="right" className="num">{formatCount(counts[key])}</Table.Td>)}
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {figures.months.length > 1 && <Text size="xs" c="dimmed">Người được hỗ trợ cả kỳ tính mỗi người một lần, nên không bằng tổng các tháng.</Text>}
      </Item>

      <Item n={++n} title="Kết quả thực hiện các chỉ tiêu">
        {isMobile ? <IndicatorCards report={report} /> : <DocumentTable table={indicatorSummaryTable(figures)} testId="report-indicators" />}
      </Item>

      {commune && (
        <Fragment>
          <Item n={++n} title="Kết quả theo thôn">
            <VillageFiguresTable report={report} />
          </Item>
          {report.villageReports && (
            <Item n={++n} title="Báo cáo của các thôn">
              <VillageReports report={report} />
            </Item>
          )}
        </Fragment>
      )}
    </Stack>
  );
}
