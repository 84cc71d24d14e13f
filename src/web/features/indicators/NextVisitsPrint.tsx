// The next-visit list on paper: the WHOLE not-yet-reached list of a village for one indicator,
// grouped by hamlet group and household, with a tick box and a blank notes column for the
// volunteer. A commune's list is long, so the officer picks a village first (or prints the
// commune, one section per village).
import { Alert, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { INDICATOR_LABELS, INDICATOR_SUBJECT, type IndicatorCode } from '../../../shared/indicators.ts';
import { formatDate, formatDateTime, formatNumber, unitName } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { INDICATORS_KEY, type HouseholdListItem, type IndicatorList, type IndicatorSelection, type PersonListItem } from './indicators.api.ts';
import { fetchWholeList, householdWhy, personWhy, SEX_LABELS, smartphoneText } from './IndicatorListParts.tsx';

/** Rows in the order the server gives them (village, hamlet group, household), grouped. */
function groupRows<T extends { villageId: number; villageName: string; hamletGroup: string | null }>(rows: T[]) {
  const villages = new Map<number, { name: string; groups: Map<string, T[]> }>();
  for (const row of rows) {
    const village = villages.get(row.villageId) ?? { name: row.villageName, groups: new Map<string, T[]>() };
    villages.set(row.villageId, village);
    const key = row.hamletGroup?.trim() || '';
    const list = village.groups.get(key) ?? [];
    list.push(row);
    village.groups.set(key, list);
  }
  return [...villages.entries()].map(([id, v]) => ({ id, name: v.name, groups: [...v.groups.entries()].map(([name, items]) => ({ name, items })) }));
}

export function NextVisitsPrint({ code, selection, onClose, onPickVillage }: {
  code: IndicatorCode;
  selection: IndicatorSelection;
  onClose: () => void;
  onPickVillage: (id: number) => void;
}) {
  const { me } = useSession();
  const { tree, isPending: treePending } = useOrgUnits();
  const unitId = selection.orgUnitId ?? me.orgUnit.id;
  const unit = tree.byId.get(unitId);
  const [wholeCommune, setWholeCommune] = useState(false);
  const needsVillage = !!unit && unit.level !== 'village' && !wholeCommune;
  const subject = INDICATOR_SUBJECT[code];

  const list = useQuery({
    queryKey: [...INDICATORS_KEY, 'print', code, selection],
    queryFn: () => fetchWholeList<PersonListItem | HouseholdListItem>(code, subject, { ...selection, reached: false }),
    enabled: !treePending && !needsVillage,
  });

  // Only while this view is shown does printing hide the desk's header and menu.
  useEffect(() => {
    document.body.classList.add('next-visits-printing');
    return () => document.body.classList.remove('next-visits-printing');
  }, []);

  const toolbar = (
    <Group className="no-print" gap="xs" mb="md" justify="space-between">
      <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={onClose}>Quay lại danh sách</Button>
      {list.data && (
        <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()} data-testid="print-now">In ({formatNumber(list.data.total)} {subject === 'person' ? 'người' : 'hộ'})</Button>
      )}
    </Group>
  );

  if (needsVillage && unit) {
    return (
      <>
        {toolbar}
        <VillageChooser unitId={unit.id} unitLabel={unitName(unit.name, unit.level)} onPick={onPickVillage} onWhole={() => setWholeCommune(true)} />
      </>
    );
  }

  return (
    <>
      {toolbar}
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {!list.data ? <LoadingBlock rows={8} /> : <Sheet code={code} data={list.data} />}
    </>
  );
}

function VillageChooser({ unitId, unitLabel, onPick, onWhole }: { unitId: number; unitLabel: string; onPick: (id: number) => void; onWhole: () => void }) {
  const { tree } = useOrgUnits();
  const isUnder = (id: number | null): boolean => id !== null && (id === unitId || isUnder(tree.byId.get(id)?.parentId ?? null));
  const villages = tree.villages.filter((v) => isUnder(v.parentId));
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <Card padding="lg" maw={560} withBorder data-testid="print-pick-village">
      <Stack gap="sm">
        <Title order={2} fz={18}>Chọn thôn để in</Title>
        <Text size="sm">Danh sách cần đến được in theo từng thôn, để Tổ CNSCĐ của thôn mang theo khi đến các hộ. Danh sách của cả {unitLabel} rất dài.</Text>
        <Select
          label="Thôn"
          placeholder="Chọn thôn"
          data={villages.map((v) => ({ value: String(v.id), label: v.name }))}
          value={picked}
          onChange={setPicked}
          searchable
          data-testid="print-village"
        />
        <Group gap="xs">
          <Button disabled={!picked} onClick={() => picked && onPick(Number(picked))}>Xem danh sách của thôn</Button>
          <Button variant="subtle" onClick={onWhole}>In cả {unitLabel} (chia theo thôn)</Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Sheet({ code, data }: { code: IndicatorCode; data: IndicatorList<PersonListItem | HouseholdListItem> }) {
  const label = INDICATOR_LABELS[code];
  const subject = INDICATOR_SUBJECT[code];
  const printedAt = useMemo(() => new Date(), []);
  const place = unitName(data.unit.name, data.unit.level);
  const villages = groupRows(data.items);
  let n = 0;
  const title = `Danh sách cần đến – ${label.name} – ${place} – ${data.period.label}`;
  useEffect(() => {
    const before = document.title;
    document.title = title; // the browser's PDF takes its name from it
    return () => { document.title = before; };
  }, [title]);

  return (
    <div className="next-visits-sheet" data-testid="next-visits-print">
      <header className="nv-head">
        <h1 className="nv-title" data-testid="print-title">{title}</h1>
        <div className="nv-meta">
          <span>Chưa đạt: <b>{label.numerator.toLowerCase()}</b> (mẫu số: {label.denominator.toLowerCase()}), tính đến ngày {formatDate(data.period.end)}</span>
          <span>Tổng số: <b data-testid="print-total">{formatNumber(data.total)}</b> {subject === 'person' ? 'người' : 'hộ'}</span>
          <span>Ngày in: {formatDateTime(printedAt)}</span>
        </div>
        <div className="nv-meta">
          <span>Người đi: ........................................</span>
          <span>Ngày đi: ......./......./...........</span>
        </div>
      </header>
      {data.total === 0 && <Alert color="teal" className="nv-empty">Không còn ai chưa đạt chỉ số này.</Alert>}
      {villages.map((village) => (
        <section key={village.id} className="nv-village">
          {villages.length > 1 || data.unit.level !== 'village' ? <h2 className="nv-village-name">{village.name}</h2> : null}
          <table className="nv-table">
            {subject === 'person' ? (
              <>
                <colgroup>
                  <col style={{ width: '7mm' }} /><col style={{ width: '9mm' }} /><col style={{ width: '24mm' }} /><col style={{ width: '45mm' }} /><col style={{ width: '11mm' }} />
                  <col style={{ width: '12mm' }} /><col style={{ width: '27mm' }} /><col style={{ width: '15mm' }} /><col style={{ width: '55mm' }} /><col />
                </colgroup>
                <thead>
                  <tr><th aria-label="Đã đến" /><th>TT</th><th>Hộ</th><th>Họ và tên</th><th>Tuổi</th><th>Giới</th><th>Điện thoại</th><th>ĐTTM</th><th>Lý do lần trước</th><th>Ghi chú</th></tr>
                </thead>
                <tbody>
                  {village.groups.map((group) => (
                    <Fragment key={group.name}>
                      {group.name && <tr className="nv-group"><th colSpan={10}>{group.name}</th></tr>}
                      {byHousehold(group.items as PersonListItem[]).map(([householdId, people]) => <Fragment key={householdId}>{people.map((p, i) => {
                        const why = personWhy(code, p);
                        n += 1;
                        return (
                          <tr key={p.personId} data-testid="print-row" className={i === 0 ? 'nv-first' : undefined}>
                            <td><span className="nv-box" /></td>
                            <td className="num">{n}</td>
                            {i === 0 && (
                              <td rowSpan={people.length} className="nv-household" data-household={householdId}>
                                <b>{p.householdCode ? `Hộ số ${p.householdCode}` : 'Hộ'}</b>
                                {p.address && p.address !== p.hamletGroup ? <div>{p.address}</div> : null}
                              </td>
                            )}
                            <td className="nv-name">{p.fullName}</td>
                            <td className="num">{p.age ?? ''}</td>
                            <td className="nv-short">{SEX_LABELS[p.sex ?? ''] ?? ''}</td>
                            <td className="num">{p.phone ?? ''}</td>
                            <td className="nv-short">{smartphoneText(p.hasSmartphone)}</td>
                            <td>{why.text}{code === 'DD' && p.extra && why.tone === 'reason' ? ' · đã có mức 1' : ''}{why.on ? ` (${formatDate(why.on)})` : ''}</td>
                            <td />
                          </tr>
                        );
                      })}</Fragment>)}
                    </Fragment>
                  ))}
                </tbody>
              </>
            ) : (
              <>
                <colgroup>
                  <col style={{ width: '7mm' }} /><col style={{ width: '9mm' }} /><col style={{ width: '14mm' }} /><col style={{ width: '42mm' }} /><col style={{ width: '35mm' }} />
                  <col style={{ width: '14mm' }} /><col style={{ width: '27mm' }} /><col style={{ width: '32mm' }} /><col style={{ width: '45mm' }} /><col />
                </colgroup>
                <thead>
                  <tr><th aria-label="Đã đến" /><th>TT</th><th>Số hộ</th><th>Chủ hộ</th><th>Địa chỉ</th><th>Số người</th><th>Điện thoại</th><th>TV Tổ phụ trách</th><th>Lý do lần trước</th><th>Ghi chú</th></tr>
                </thead>
                <tbody>
                  {village.groups.map((group) => (
                    <Fragment key={group.name}>
                      {group.name && <tr className="nv-group"><th colSpan={10}>{group.name}</th></tr>}
                      {(group.items as HouseholdListItem[]).map((h) => {
                        const why = householdWhy(code, h);
                        n += 1;
                        return (
                          <tr key={h.householdId} data-testid="print-row">
                            <td><span className="nv-box" /></td>
                            <td className="num">{n}</td>
                            <td className="num">{h.householdCode ?? ''}</td>
                            <td className="nv-name">{h.headName ?? ''}</td>
                            <td>{h.address}</td>
                            <td className="num">{h.members}</td>
                            <td className="num">{h.phone ?? ''}</td>
                            <td>{h.assignedMemberName ?? ''}</td>
                            <td>{why.text}{why.on ? ` (${formatDate(why.on)})` : ''}</td>
                            <td />
                          </tr>
                        );
                      })}
                    </Fragment>
                  ))}
                </tbody>
              </>
            )}
          </table>
        </section>
      ))}
    </div>
  );
}

function byHousehold(people: PersonListItem[]): Array<[string, PersonListItem[]]> {
  const out = new Map<string, PersonListItem[]>();
  for (const p of people) {
    const list = out.get(p.householdId) ?? [];
    list.push(p);
    out.set(p.householdId, list);
  }
  return [...out.entries()];
}
