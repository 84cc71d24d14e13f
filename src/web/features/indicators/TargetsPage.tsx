// Chỉ tiêu (/chi-tieu): the year's targets of a unit and its children, which the province sets
// for communes and the commune office for its villages; everyone else with figures reads them.
import { Alert, Box, Button, Group, List, Select, SimpleGrid, Text } from '@mantine/core';
import { IconChartBar, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { FIRST_INDICATOR_YEAR, INDICATOR_CODES, INDICATOR_LABELS, type IndicatorCode } from '../../../shared/indicators.ts';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { useIsMobile, useLeaveGuard, useUrlFilters } from '../../components/hooks.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { INDICATORS_KEY, TARGETS_KEY, type TargetsAnswer, type UnitTargets, useTargets } from './indicators.api.ts';
import { selectionSearch } from './selection.ts';
import { EMPTY_ROW, type RowState, TargetsCards, TargetsTable, cellValue, dirtyCodes, parseTarget, unitLabel } from './TargetsEditor.tsx';
import { yearInVietnam } from '../../../shared/calendar.ts';

/** The year in Vietnam: a target set on the evening of 31 December belongs to that year. */
const thisYear = () => yearInVietnam();

/** 2025 to next year: next year's targets may be given ahead, as the server allows. */
function yearOptions(): Array<{ value: string; label: string }> {
  const last = thisYear() + 1;
  return Array.from({ length: last - FIRST_INDICATOR_YEAR + 1 }, (_, i) => {
    const y = FIRST_INDICATOR_YEAR + i;
    return { value: String(y), label: y === last ? `${y} (năm sau)` : String(y) };
  }).reverse();
}

/** The server's field error as the officer reads it: 'targets.2.targetPercent' is the third code sent. */
function placeServerError(error: unknown, sent: IndicatorCode[]): Pick<RowState, 'errors' | 'message'> {
  const errors: RowState['errors'] = {};
  const others: string[] = [];
  if (error instanceof ApiError && error.fields.length) {
    for (const f of error.fields) {
      const m = /^targets\.(\d+)/.exec(f.path);
      const code = m ? sent[Number(m[1])] : undefined;
      if (code) errors[code] = f.message.replace(/^[^:]*:\s*/, '');
      else others.push(f.message);
    }
  } else {
    others.push(errorMessage(error));
  }
  return { errors, message: others.length ? others.join(' ') : undefined };
}

function WhoSetsWhat({ answer }: { answer: TargetsAnswer }) {
  const { me } = useSession();
  const isMobile = useIsMobile();
  // On a phone the rules fold away: the units come first.
  const [more, setMore] = useState(false);
  const editable = answer.units.filter((u) => u.canEdit);
  const levels = new Set(editable.map((u) => u.level));
  let yours: string;
  if (!editable.length) yours = 'Bạn chỉ được xem chỉ tiêu.';
  else if (me.role === 'admin') yours = 'Bạn (tỉnh) giao chỉ tiêu cho xã; có thể sửa cả chỉ tiêu của thôn.';
  else if (levels.has('village') && !levels.has('commune')) yours = 'Bạn giao chỉ tiêu cho các thôn. Chỉ tiêu của xã do tỉnh giao, ở đây chỉ xem.';
  else yours = 'Bạn giao chỉ tiêu cho các đơn vị có ô nhập.';
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle />} mb="md" data-testid="targets-help">
      <Text size="sm" fw={650}>Tỉnh giao chỉ tiêu cho xã; xã giao cho thôn.</Text>
      <Text size="sm">{yours}</Text>
      {isMobile && !more && <Button variant="subtle" size="sm" h={40} px={0} onClick={() => setMore(true)}>Xem cách giao chỉ tiêu</Button>}
      {(!isMobile || more) && <List size="sm" mt={4} spacing={2}>
        <List.Item>Chưa được giao thì theo cấp trên, rồi theo Kế hoạch năm 2026 (<b>KH 2026</b>; chỉ số NH kế hoạch không nêu, xã tự đặt).</List.Item>
        {editable.length > 0 && (
          <List.Item>Nhập % (0–100) rồi bấm <b>Lưu</b> ở dòng đó. Số màu xám là chỉ tiêu đang theo cấp trên; xóa số đã nhập để bỏ chỉ tiêu đặt riêng.</List.Item>
        )}
        {isMobile && answer.units.length > 2 && <List.Item>Chọn một thôn ở ô Đơn vị để chỉ xem thôn đó.</List.Item>}
      </List>}
    </Alert>
  );
}

const CHILDREN_WORD: Record<TargetsAnswer['unit']['level'], string> = { province: 'xã', commune: 'thôn', village: '' };

function Legend() {
  return (
    <Box mt="md" data-testid="targets-legend">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={2}>
        {INDICATOR_CODES.map((code) => (
          <Text key={code} size="xs" c="dimmed"><b>{code}</b>: {INDICATOR_LABELS[code].name}</Text>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={4}><b>KH 2026</b>: theo Kế hoạch năm 2026 · <b>Xã giao</b>, <b>Tỉnh giao</b>: theo chỉ tiêu cấp trên · <b>Đặt riêng</b>: chỉ tiêu của chính đơn vị đó</Text>
    </Box>
  );
}

export function TargetsPage() {
  const { me } = useSession();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { values, set } = useUrlFilters(['don-vi', 'nam'] as const);
  const orgUnitId = /^\d+$/.test(values['don-vi']) ? Number(values['don-vi']) : me.orgUnit.id;
  const year = /^\d{4}$/.test(values.nam) ? Number(values.nam) : thisYear();
  const { data, error, isPending, isFetching, refetch } = useTargets(orgUnitId, year);
  // Drafts belong to what is on screen: only the answer for this unit and year may be edited.
  const answer = data && data.unit.id === orgUnitId && data.year === year ? data : undefined;
  const [rows, setRows] = useState<Record<number, RowState>>({});
  useEffect(() => setRows({}), [orgUnitId, year]);

  const dirtyUnits = answer ? answer.units.filter((u) => dirtyCodes(u, rows[u.id]?.draft ?? {}).length > 0) : [];
  const dirty = dirtyUnits.length > 0;

  // Leaving (another page, another unit or year) with unsaved changes asks first.
  const blocker = useLeaveGuard(dirty, { search: true });

  const patchRow = useCallback((unitId: number, patch: (r: RowState) => RowState) => {
    setRows((prev) => ({ ...prev, [unitId]: patch(prev[unitId] ?? EMPTY_ROW) }));
  }, []);

  const onChange = (unitId: number, code: IndicatorCode, value: string) =>
    patchRow(unitId, (r) => {
      const errors = { ...r.errors };
      delete errors[code];
      return { ...r, draft: { ...r.draft, [code]: value }, errors, message: undefined };
    });

  const onUndo = (unitId: number) => patchRow(unitId, () => EMPTY_ROW);

  async function onSave(unit: UnitTargets) {
    const row = rows[unit.id] ?? EMPTY_ROW;
    const errors: RowState['errors'] = {};
    const targets = INDICATOR_CODES.map((code) => {
      const parsed = parseTarget(cellValue(unit, row.draft, code));
      if ('error' in parsed) errors[code] = parsed.error;
      return { code, targetPercent: 'value' in parsed ? parsed.value : null };
    });
    const name = unitLabel(unit);
    if (Object.keys(errors).length) {
      patchRow(unit.id, (r) => ({ ...r, errors, message: undefined }));
      notifyError(new ApiError(400, 'validation', Object.entries(errors).map(([c, m]) => `${c}: ${m}`).join(' ')), `Chưa lưu chỉ tiêu của ${name}`);
      return;
    }
    patchRow(unit.id, (r) => ({ ...r, saving: true, errors: {}, message: undefined }));
    try {
      const saved = await api.put<TargetsAnswer>('/api/targets', { year, orgUnitId: unit.id, targets });
      // The answer holds the saved unit and its children: put them in place at once.
      queryClient.setQueryData<TargetsAnswer>([...TARGETS_KEY, orgUnitId, year], (old) => {
        if (!old) return old;
        const fresh = new Map(saved.units.map((u) => [u.id, u]));
        return { ...old, units: old.units.map((u) => fresh.get(u.id) ?? u) };
      });
      patchRow(unit.id, () => EMPTY_ROW);
      notifySaved(`Đã lưu chỉ tiêu năm ${year} của ${name}.`);
      // Children of the saved unit and the dashboard's figures change with it.
      void queryClient.invalidateQueries({ queryKey: TARGETS_KEY });
      void queryClient.invalidateQueries({ queryKey: INDICATORS_KEY });
    } catch (e) {
      const placed = placeServerError(e, targets.map((t) => t.code));
      patchRow(unit.id, (r) => ({ ...r, saving: false, ...placed }));
      const message = [...Object.entries(placed.errors).map(([c, m]) => `${c}: ${m}`), ...(placed.message ? [placed.message] : [])].join(' ');
      notifyError(new ApiError(0, 'save', message || errorMessage(e)), `Chưa lưu chỉ tiêu của ${name}`);
    }
  }

  const dashboardHref = `/chi-so${selectionSearch({ orgUnitId: orgUnitId === me.orgUnit.id ? null : orgUnitId, period: 'ytd', year })}`;

  return (
    <>
      <PageHeader
        title="Chỉ tiêu các chỉ số"
        crumbs={[{ label: 'Chỉ số, chỉ tiêu', to: '/chi-so' }, { label: 'Chỉ tiêu' }]}
        description={answer ? `Năm ${year} · ${unitLabel(answer.unit)}${answer.units.length > 1 ? ` và ${answer.units.length - 1} ${CHILDREN_WORD[answer.unit.level]}` : ''}` : `Năm ${year}`}
        actions={<Button variant="default" component={Link} to={dashboardHref} leftSection={<IconChartBar size={18} />}>Xem bảng chỉ số</Button>}
      />
      <Group mb="md" gap="sm" align="flex-end" wrap="nowrap">
        <Select
          label="Năm"
          data={yearOptions()}
          value={String(year)}
          onChange={(v) => v && set({ nam: Number(v) === thisYear() ? null : v })}
          allowDeselect={false}
          w={isMobile ? 118 : 160}
          style={{ flexShrink: 0 }}
          data-testid="targets-year"
        />
        <OrgUnitPicker
          label="Đơn vị"
          value={orgUnitId}
          onChange={(id) => id && set({ 'don-vi': id === me.orgUnit.id ? null : String(id) })}
          w={isMobile ? undefined : 320}
          style={isMobile ? { flex: 1, minWidth: 0 } : undefined}
          data-testid="targets-unit"
        />
      </Group>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {!answer && !error && <LoadingBlock rows={8} />}
      {answer && (
        <>
          <WhoSetsWhat answer={answer} />
          {dirty && (
            <Text size="sm" c="orange.8" fw={600} mb="xs" role="status" data-testid="targets-dirty">
              Chưa lưu: {dirtyUnits.map(unitLabel).join(', ')}. Bấm Lưu ở dòng đó.
            </Text>
          )}
          <div style={{ opacity: isFetching && !isPending && !dirty ? 0.7 : 1, transition: 'opacity 120ms' }}>
            {isMobile
              ? <TargetsCards units={answer.units} rows={rows} onChange={onChange} onSave={onSave} onUndo={onUndo} />
              : <TargetsTable units={answer.units} rows={rows} onChange={onChange} onSave={onSave} onUndo={onUndo} />}
          </div>
          {!isMobile && <Legend />}
        </>
      )}
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => {
          setRows({});
          blocker.proceed?.();
        }}
        title="Bỏ các thay đổi chưa lưu?"
        confirmLabel="Bỏ thay đổi"
        color="orange"
      >
        Chỉ tiêu của {dirtyUnits.map(unitLabel).join(', ')} chưa được lưu. Nếu rời đi, các số vừa nhập sẽ mất.
      </ConfirmModal>
    </>
  );
}
