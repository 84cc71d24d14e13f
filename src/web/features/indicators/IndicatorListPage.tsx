// The people or households behind an indicator's figure (/chi-so/DD?don-vi=…&dat=chua): those
// not yet reached with why (the team's next visits), those reached, or the whole denominator;
// HGD's households covered by a team member apart. ?in=1 turns it into the printable list.
import { Anchor, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconPhone, IconPrinter, IconUsers } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { INDICATOR_CODES, INDICATOR_LABELS, INDICATOR_SUBJECT, type IndicatorCode } from '../../../shared/indicators.ts';
import { formatDate, formatNumber, joinDistinct, unitName } from '../../app/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { NotFoundPage } from '../../app/guards.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { useIndicatorList, type HouseholdListItem, type PersonListItem } from './indicators.api.ts';
import { householdWhy, personWhy, SEX_LABELS, smartphoneText, WhyCell } from './IndicatorListParts.tsx';
import { NextVisitsPrint } from './NextVisitsPrint.tsx';
import { reachedOfWord, selectionSearch, useIndicatorSelection } from './selection.ts';
import './IndicatorList.css';

const PAGE_SIZE = 50;
/** dat=to-phu-trach: HGD's households counted because a team member looks after them. */
const COVERED_WORD = 'to-phu-trach';

type Tab = 'chua' | 'roi' | 'tat-ca' | typeof COVERED_WORD;

const isCode = (v: string | undefined): v is IndicatorCode => (INDICATOR_CODES as readonly string[]).includes(v ?? '');

export function IndicatorListPage() {
  const { code: raw } = useParams();
  if (!isCode(raw)) return <NotFoundPage title="Không có chỉ số này" description={`Mã chỉ số phải là một trong: ${INDICATOR_CODES.join(', ')}.`} />;
  return <IndicatorList code={raw} />;
}

function IndicatorList({ code }: { code: IndicatorCode }) {
  const subject = INDICATOR_SUBJECT[code];
  const isMobile = useIsMobile();
  const { selection, setSelection, params } = useIndicatorSelection();
  const [, setParams] = useSearchParams();
  const word = params.get('dat');
  const tab: Tab = word === 'chua' || word === 'roi' || (word === COVERED_WORD && code === 'HGD') ? word : 'tat-ca';
  const reached = tab === COVERED_WORD ? true : reachedOfWord(word);
  const page = Math.max(1, Number(params.get('trang') ?? 1) || 1);
  const printing = params.get('in') === '1';

  const setWords = (patch: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) if (v === null) next.delete(k); else next.set(k, v);
      return next;
    }, { replace: false });

  // One request: the page of the tab shown, with every tab's count.
  const main = useIndicatorList<PersonListItem | HouseholdListItem>(code, subject, { ...selection, reached, extra: tab === COVERED_WORD, page, pageSize: PAGE_SIZE }, !printing);

  if (printing) return <NextVisitsPrint code={code} selection={selection} onClose={() => setWords({ in: null })} onPickVillage={(id) => setSelection({ orgUnitId: id })} />;

  const rows = main.data?.items;
  const total = main.data?.total;
  const answer = main.data;
  const unit = answer?.unit;
  const period = answer?.period;
  const label = INDICATOR_LABELS[code];
  const counts: Record<Tab, number | undefined> = {
    chua: answer?.counts.notReached,
    roi: answer?.counts.reached,
    'tat-ca': answer?.counts.all,
    [COVERED_WORD]: answer?.counts.extra,
  };
  const coveredCount = code === 'HGD' ? answer?.counts.extra ?? 0 : 0;
  const error = main.error;
  const pending = main.isPending;
  const fetching = main.isFetching && !main.isPending;

  const countText = (t: Tab) => (counts[t] === undefined ? '…' : formatNumber(counts[t]));
  // A phone has no room for "Chưa đạt (1.234)" three times in a row: the count goes under.
  const tabLabel = (t: Tab, text: string) => isMobile
    ? <span className="indicator-tab"><span>{text}</span><b className="num">{countText(t)}</b></span>
    : `${text} (${countText(t)})`;
  const tabs = [
    { value: 'chua', label: tabLabel('chua', 'Chưa đạt') },
    { value: 'roi', label: tabLabel('roi', 'Đã đạt') },
    { value: 'tat-ca', label: tabLabel('tat-ca', 'Tất cả') },
    ...(code === 'HGD' ? [{ value: COVERED_WORD, label: tabLabel(COVERED_WORD, 'Tổ phụ trách') }] : []),
  ];
  const whatTotal = tab === 'chua' ? (subject === 'person' ? 'người chưa đạt' : 'hộ chưa đạt')
    : tab === 'roi' ? (subject === 'person' ? 'người đã đạt' : 'hộ đã đạt')
    : tab === COVERED_WORD ? 'hộ không có người sử dụng được, đã có thành viên Tổ phụ trách'
    : label.denominator.toLowerCase();
  const backSearch = selectionSearch(selection);

  return (
    <>
      <PageHeader
        title={label.name}
        docTitle={`${code} · ${label.name}`}
        crumbs={[{ label: 'Chỉ số, chỉ tiêu', to: `/chi-so${backSearch}` }, { label: code }]}
        description={unit && period ? `${unitName(unit.name, unit.level)} · ${period.label} · số liệu tại ngày ${formatDate(period.end)}` : 'Đang tải…'}
        actions={tab === 'chua' ? (
          <Button leftSection={<IconPrinter size={18} />} onClick={() => setWords({ in: '1' })} data-testid="print-next-visits" disabled={!counts.chua}>
            In danh sách cần đến
          </Button>
        ) : undefined}
      />

      <Group gap="md" mb="md" align="flex-end" wrap="wrap" className="indicator-list-controls">
        <UnitSelect unitId={unit?.id ?? selection.orgUnitId ?? null} onChange={(id) => setSelection({ orgUnitId: id })} />
        <SegmentedControl
          value={tab}
          onChange={(v) => setWords({ dat: v === 'tat-ca' ? null : v, trang: null })}
          data={tabs}
          data-testid="reached-tabs"
          fullWidth={isMobile}
          w={isMobile ? '100%' : undefined}
        />
      </Group>

      <Card padding="md" mb="md" withBorder>
        <Group gap="lg" align="flex-end" wrap="wrap">
          <div>
            <Text size="sm" c="dimmed">{tab === COVERED_WORD ? 'Số hộ' : 'Tổng số'}</Text>
            <Text fz={32} fw={700} lh={1.1} className="num" data-testid="list-total">{total === undefined ? '…' : formatNumber(total)}</Text>
          </div>
          <Text size="sm" maw={520}>{whatTotal}{unit ? ` · ${unitName(unit.name, unit.level)}` : ''}{period ? ` · ${period.label}` : ''}</Text>
          {tab !== COVERED_WORD && coveredCount > 0 && tab !== 'chua' && (
            <Text size="sm" c="dimmed">trong đó <b className="num">{formatNumber(coveredCount)}</b> hộ đạt nhờ thành viên Tổ phụ trách (xem mục “Tổ phụ trách”)</Text>
          )}
        </Group>
        {tab === 'chua' && <Text size="sm" c="dimmed" mt={6}>Đây là danh sách cần đến tiếp của Tổ: mỗi dòng ghi lý do lần hỗ trợ gần nhất chưa làm được.</Text>}
        {tab === COVERED_WORD && (
          <Text size="sm" c="dimmed" mt={6}>Hộ không có thành viên sử dụng được kỹ năng số; được tính là đạt vì đã có thành viên Tổ CNSCĐ phụ trách. Tách riêng để theo dõi, không phải hộ đã tự sử dụng được.</Text>
        )}
      </Card>

      {error && <ErrorAlert error={error} onRetry={() => void main.refetch()} />}
      <div style={{ opacity: fetching ? 0.6 : 1, transition: 'opacity 120ms' }}>
        {subject === 'person'
          ? <PeopleRows code={code} rows={rows as PersonListItem[] | undefined} loading={pending} showVillage={unit?.level !== 'village'} tab={tab} />
          : <HouseholdRows code={code} rows={rows as HouseholdListItem[] | undefined} loading={pending} showVillage={unit?.level !== 'village'} tab={tab} />}
      </div>
      {total !== undefined && total > 0 && (
        <PaginationBar page={page} pageSize={PAGE_SIZE} total={total} onChange={(p) => setWords({ trang: p === 1 ? null : String(p) })} noun={subject === 'person' ? 'người' : 'hộ'} />
      )}
    </>
  );
}

/**
 * Narrow the list to one village, or widen it back to the commune: the unit's parent (for a
 * village) or the unit itself, and its children. A village head sees only their village.
 */
function UnitSelect({ unitId, onChange }: { unitId: number | null; onChange: (id: number) => void }) {
  const { tree } = useOrgUnits();
  const unit = unitId === null ? undefined : tree.byId.get(unitId);
  if (!unit) return null;
  const base = unit.level === 'village' && unit.parentId !== null ? tree.byId.get(unit.parentId) ?? unit : unit;
  const children = tree.children(base.id);
  if (base.id === unit.id && children.length === 0) return null;
  const data = [
    { value: String(base.id), label: `Cả ${unitName(base.name, base.level)}` },
    ...children.map((c) => ({ value: String(c.id), label: unitName(c.name, c.level) })),
  ];
  return (
    <Select
      label={base.level === 'commune' ? 'Thôn' : 'Đơn vị'}
      data={data}
      value={String(unit.id)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      searchable
      w={{ base: '100%', sm: 280 }}
      data-testid="unit-picker"
      comboboxProps={{ shadow: 'md' }}
    />
  );
}

function emptyText(tab: Tab, subject: 'person' | 'household') {
  const who = subject === 'person' ? 'người' : 'hộ';
  if (tab === 'chua') return { title: `Không còn ${who} nào chưa đạt`, description: 'Tất cả đã đạt chỉ số này tại cuối kỳ.' };
  if (tab === 'roi') return { title: `Chưa có ${who} nào đạt`, description: undefined };
  if (tab === COVERED_WORD) return { title: 'Không có hộ nào do Tổ phụ trách', description: 'Không có hộ nào đạt chỉ nhờ thành viên Tổ phụ trách.' };
  return { title: `Không có ${who} nào trong mẫu số`, description: undefined };
}

function PeopleRows({ code, rows, loading, showVillage, tab }: { code: IndicatorCode; rows: PersonListItem[] | undefined; loading: boolean; showVillage: boolean; tab: Tab }) {
  const isMobile = useIsMobile();
  const columns: Column<PersonListItem>[] = [
    {
      key: 'name', header: 'Họ và tên',
      render: (p) => <Anchor component={Link} to={`/nhan-khau/${p.personId}`} fw={600} c="brand.8" style={{ display: 'inline-block', minWidth: 150 }}>{p.fullName}</Anchor>,
    },
    // Age with sex, household with address: the reason column must fit a desk screen unscrolled.
    { key: 'age', header: 'Tuổi, giới', nowrap: true, render: (p) => <span className="num">{p.age ?? '—'} · {SEX_LABELS[p.sex ?? ''] ?? '—'}</span> },
    {
      key: 'household', header: showVillage ? 'Hộ, địa chỉ, thôn' : 'Hộ, địa chỉ',
      render: (p) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/ho-gia-dinh/${p.householdId}`} size="sm" style={{ whiteSpace: 'nowrap' }}>{p.householdCode ? `Hộ số ${p.householdCode}` : 'Xem hộ'}</Anchor>
          <Text size="xs" c="dimmed">{joinDistinct([p.hamletGroup, p.address, showVillage ? p.villageName : null]) || '—'}</Text>
        </Stack>
      ),
    },
    { key: 'phone', header: 'Điện thoại', nowrap: true, render: (p) => <Text size="sm" className="num">{p.phone ?? '—'}</Text> },
    { key: 'smartphone', header: 'ĐT thông minh', align: 'center', render: (p) => smartphoneText(p.hasSmartphone) },
    { key: 'visit', header: 'Lần thăm cuối', nowrap: true, render: (p) => <span className="num">{formatDate(p.lastVisitOn)}</span> },
    {
      key: 'why', header: tab === 'chua' ? 'Lý do chưa đạt' : 'Tình trạng', width: 220,
      render: (p) => <WhyCell why={personWhy(code, p)} extraLevel1={code === 'DD' && p.extra} />,
    },
  ];
  const empty = emptyText(tab, 'person');
  return (
    <ListView
      rows={rows}
      loading={loading}
      columns={columns}
      rowKey={(p) => p.personId}
      testId="indicator-list"
      minWidth={960}
      empty={<Empty title={empty.title} description={empty.description} />}
      card={(p) => (
        <Stack gap={4} data-testid="indicator-row">
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Anchor component={Link} to={`/nhan-khau/${p.personId}`} fw={600} c="brand.8">{p.fullName}</Anchor>
            <Text size="sm" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>{p.age ?? '—'} tuổi · {SEX_LABELS[p.sex ?? ''] ?? ''}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            <Anchor component={Link} to={`/ho-gia-dinh/${p.householdId}`} size="sm">{p.householdCode ? `Hộ số ${p.householdCode}` : 'Xem hộ'}</Anchor>
            {' · '}{joinDistinct([p.hamletGroup, p.address, showVillage ? p.villageName : null])}
          </Text>
          <Group gap="md">
            {p.phone && <Anchor href={`tel:${p.phone.replace(/\s/g, '')}`} size="sm" className="num"><Group gap={4} component="span"><IconPhone size={15} />{p.phone}</Group></Anchor>}
            <Text size="sm">ĐT thông minh: {smartphoneText(p.hasSmartphone)}</Text>
          </Group>
          <WhyCell why={personWhy(code, p)} extraLevel1={code === 'DD' && p.extra} />
          {isMobile && p.lastVisitOn && <Text size="xs" c="dimmed">Lần thăm gần nhất: {formatDate(p.lastVisitOn)}</Text>}
        </Stack>
      )}
    />
  );
}

function HouseholdRows({ code, rows, loading, showVillage, tab }: { code: IndicatorCode; rows: HouseholdListItem[] | undefined; loading: boolean; showVillage: boolean; tab: Tab }) {
  const head = (h: HouseholdListItem) => (
    <Group gap={6} miw={180}>
      <Anchor component={Link} to={`/ho-gia-dinh/${h.householdId}`} fw={600} c="brand.8">{h.headName ?? 'Chưa có chủ hộ'}</Anchor>
      {h.coveredByMember && <Badge color="grape" variant="light" size="sm" style={{ textTransform: 'none' }}>Tổ phụ trách</Badge>}
      {h.noCapableMember && !h.assignedMemberName && <Badge color="orange" variant="light" size="sm" style={{ textTransform: 'none' }}>Cần phân công thành viên Tổ</Badge>}
    </Group>
  );
  const columns: Column<HouseholdListItem>[] = [
    // The household's number under its head, the village under the address: the reason column
    // must fit a desk screen unscrolled.
    {
      key: 'head', header: 'Chủ hộ',
      render: (h) => (
        <Stack gap={0}>
          {head(h)}
          <Text size="xs" c="dimmed" className="num">{h.householdCode ? `Hộ số ${h.householdCode}` : ''}</Text>
        </Stack>
      ),
    },
    {
      key: 'address', header: showVillage ? 'Địa chỉ, thôn' : 'Địa chỉ',
      render: (h) => (
        <Stack gap={0}>
          <Text size="sm">{joinDistinct([h.hamletGroup, h.address]) || '—'}</Text>
          {showVillage && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{h.villageName}</Text>}
        </Stack>
      ),
    },
    { key: 'members', header: 'Nhân khẩu', align: 'right', render: (h) => <span className="num">{formatNumber(h.members)}</span> },
    { key: 'phone', header: 'Điện thoại', nowrap: true, render: (h) => <Text size="sm" className="num">{h.phone ?? '—'}</Text> },
    { key: 'assigned', header: 'Người phụ trách', render: (h) => <Text size="sm">{h.assignedMemberName ?? '—'}</Text> },
    { key: 'visit', header: 'Lần thăm cuối', nowrap: true, render: (h) => <span className="num">{formatDate(h.lastVisitOn)}</span> },
    { key: 'why', header: tab === 'chua' ? 'Lý do chưa đạt' : 'Tình trạng', width: 220, render: (h) => <WhyCell why={householdWhy(code, h)} /> },
  ];
  const empty = emptyText(tab, 'household');
  return (
    <ListView
      rows={rows}
      loading={loading}
      columns={columns}
      rowKey={(h) => h.householdId}
      testId="indicator-list"
      minWidth={960}
      empty={<Empty title={empty.title} description={empty.description} />}
      card={(h) => (
        <Stack gap={4} data-testid="indicator-row">
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            {head(h)}
            <Text size="sm" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>{h.householdCode ? `Hộ số ${h.householdCode}` : ''}</Text>
          </Group>
          <Text size="sm" c="dimmed">{joinDistinct([h.hamletGroup, h.address, showVillage ? h.villageName : null])}</Text>
          <Group gap="md">
            <Group gap={4}><IconUsers size={15} /><Text size="sm" className="num">{formatNumber(h.members)} người</Text></Group>
            {h.phone && <Anchor href={`tel:${h.phone.replace(/\s/g, '')}`} size="sm" className="num"><Group gap={4} component="span"><IconPhone size={15} />{h.phone}</Group></Anchor>}
          </Group>
          {h.assignedMemberName && <Text size="sm">Tổ phụ trách: {h.assignedMemberName}</Text>}
          <WhyCell why={householdWhy(code, h)} />
          <Text size="xs" c="dimmed">{h.lastVisitOn ? `Lần thăm gần nhất: ${formatDate(h.lastVisitOn)}` : 'Chưa có lượt thăm'}</Text>
        </Stack>
      )}
    />
  );
}
