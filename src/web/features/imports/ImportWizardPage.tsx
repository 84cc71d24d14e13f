// One import, step by step: map the columns of each sheet → preview what will be created and
// updated, fix or skip the rows with errors → commit; afterwards the result and the undo.
import { Alert, Badge, Box, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Stepper, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle, IconArrowLeft, IconArrowRight, IconCheck, IconDatabaseImport, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  GROUPING_MODE_LABELS, GROUPING_MODES, type HouseholdChoice, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportBatchView, type ImportField, type ImportRowView,
  type ImportSheetView, type ImportSummary, type PreviewFilter, type SheetMapping,
} from '../../../shared/imports.ts';
import { errorMessage } from '../../app/api.ts';
import { formatDateTime, formatNumber } from '../../app/format.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifyError } from '../../components/forms.ts';
import { PaginationBar } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { CenterLoader, DetailError, Empty } from '../../components/states.tsx';
import { STATUS_COLORS } from './ImportsPage.tsx';
import { columnLetter, useBatch, useCommit, useDiscard, useFixRow, usePreview, useSkipErrors, useUndo, useUpdateMapping } from './imports.api.ts';
import { WaitingRowsCard } from './WaitingRows.tsx';

const IGNORE = '__ignore__';
const FIELD_OPTIONS = [{ value: IGNORE, label: '— Bỏ qua cột này —' }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: IMPORT_FIELD_LABELS[f] }))];
const GROUPING_OPTIONS = GROUPING_MODES.map((g) => ({ value: g, label: GROUPING_MODE_LABELS[g] }));
const PAGE_SIZE = 20;

export default function ImportWizardPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: batch, error, refetch } = useBatch(id);

  if (error) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy lần nhập" />;
  if (!batch) return <CenterLoader />;

  const done = batch.status !== 'uploaded';
  const step = done ? 2 : params.get('buoc') === 'xem-truoc' ? 1 : 0;
  const go = (next: 'ghep-cot' | 'xem-truoc') => {
    setParams(next === 'ghep-cot' ? {} : { buoc: next });
    window.scrollTo({ top: 0 });
  };

  return (
    <>
      <PageHeader
        title="Nhập dữ liệu từ Excel"
        docTitle="Nhập dữ liệu"
        crumbs={[{ label: 'Nhập dữ liệu', to: '/nhap-du-lieu' }, { label: batch.fileName }]}
        description={`${batch.fileName} · ${batch.sheets.length} trang tính · tải lên lúc ${formatDateTime(batch.createdAt)} bởi ${batch.accountName}`}
        badge={<Badge color={STATUS_COLORS[batch.status]} variant="light" tt="none">{batch.statusLabel}</Badge>}
      />
      <Stepper active={done ? 3 : step} size="sm" mb="xl" allowNextStepsSelect={false} onStepClick={(s) => !done && s === 0 && go('ghep-cot')} data-testid="import-steps">
        <Stepper.Step label="Ghép cột" description="Dòng tiêu đề, trường, thôn" />
        <Stepper.Step label="Xem trước" description="Sửa hoặc bỏ qua dòng lỗi" />
        <Stepper.Step label="Kết quả" description="Ghi vào hệ thống" />
      </Stepper>
      {step === 0 && <MappingStep batch={batch} onNext={() => go('xem-truoc')} />}
      {step === 1 && <PreviewStep batch={batch} onBack={() => go('ghep-cot')} />}
      {step === 2 && <ResultStep batch={batch} />}
    </>
  );
}

// ---- Step 1: mapping ----

function MappingStep({ batch, onNext }: { batch: ImportBatchView; onNext: () => void }) {
  const update = useUpdateMapping(batch.id);
  const discard = useDiscard(batch.id);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const included = batch.mapping.sheets.filter((m) => m.include);
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        Hệ thống đã đoán dòng tiêu đề và trường của từng cột theo tên cột. Kiểm tra lại, sửa nếu sai; lựa chọn được lưu ngay và được ghi nhớ cho các tệp cùng tiêu đề.
      </Text>
      {batch.sheets.map((sheet) => {
        const mapping = batch.mapping.sheets.find((m) => m.sheetIndex === sheet.index);
        return mapping ? <SheetMappingCard key={sheet.index} sheet={sheet} mapping={mapping} batch={batch} busy={update.isPending} onChange={(change) => update.mutate({ sheetIndex: sheet.index, ...change })} /> : null;
      })}
      <Group justify="space-between" gap="sm">
        <Button variant="subtle" color="red" onClick={() => setConfirmDiscard(true)}>Hủy lần nhập</Button>
        <Button rightSection={<IconArrowRight size={18} />} onClick={onNext} disabled={included.length === 0 || update.isPending} data-testid="to-preview">
          Xem trước
        </Button>
      </Group>
      <ConfirmModal opened={confirmDiscard} onClose={() => setConfirmDiscard(false)} onConfirm={() => discard.mutate(undefined, { onSuccess: () => setConfirmDiscard(false) })} loading={discard.isPending} title="Hủy lần nhập này?" confirmLabel="Hủy lần nhập">
        Tệp đã tải lên sẽ bị xóa khỏi hệ thống; chưa có gì được ghi vào danh sách hộ và nhân khẩu.
      </ConfirmModal>
    </Stack>
  );
}

function SheetMappingCard({ sheet, mapping, batch, busy, onChange }: { sheet: ImportSheetView; mapping: SheetMapping; batch: ImportBatchView; busy: boolean; onChange: (change: Partial<Omit<SheetMapping, 'sheetIndex'>>) => void }) {
  const headerOptions = sheet.topRows.map((r) => ({
    value: String(r.rowNumber),
    label: `Dòng ${r.rowNumber}: ${r.cells.filter(Boolean).slice(0, 4).join(' · ').slice(0, 70) || '(trống)'}`,
  }));
  if (!headerOptions.some((o) => o.value === String(mapping.headerRow))) headerOptions.unshift({ value: String(mapping.headerRow), label: `Dòng ${mapping.headerRow}` });
  const villages = batch.villages.map((v) => ({ value: String(v.id), label: v.name }));
  const columns = Array.from({ length: sheet.columnCount }, (_, i) => i);
  const setColumn = (i: number, field: ImportField | null) => {
    const next = columns.map((c) => mapping.columns[c] ?? null);
    // A field belongs to one column: choosing it here frees it elsewhere.
    if (field) for (const c of columns) if (next[c] === field) next[c] = null;
    next[i] = field;
    onChange({ columns: next });
  };

  return (
    <Card padding="lg" data-testid="sheet-mapping" data-sheet={sheet.name}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Box style={{ minWidth: 0 }}>
          <Title order={2} fz="lg" style={{ overflowWrap: 'anywhere' }}>Trang «{sheet.name}»</Title>
          <Text size="sm" c="dimmed" className="num">
            {formatNumber(sheet.dataRowCount)} dòng dữ liệu · {sheet.mappingSource === 'remembered' ? 'cách ghép cột nhớ từ lần nhập trước' : sheet.mappingSource === 'officer' ? 'đã chỉnh tay' : 'cách ghép cột do hệ thống đoán'}
          </Text>
        </Box>
        <Switch checked={mapping.include} onChange={(e) => onChange({ include: e.currentTarget.checked })} label="Nhập trang này" disabled={busy} />
      </Group>
      {mapping.include && (
        <>
          {sheet.detectedHeaderRow === null && (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle />} mb="md">
              Không nhận ra dòng tiêu đề của trang này. Hãy chọn dòng có tên các cột (ví dụ «Họ và tên», «Ngày sinh»).
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" mb="lg">
            <Select label="Dòng tiêu đề" data={headerOptions} value={String(mapping.headerRow)} onChange={(v) => v && onChange({ headerRow: Number(v) })} allowDeselect={false} disabled={busy} comboboxProps={{ width: 'target' }} />
            <Select
              label="Thôn của các dòng"
              description={sheet.villageGuess ? `Đoán theo ${sheet.villageGuess.from === 'sheet_name' ? 'tên trang' : sheet.villageGuess.from === 'title' ? 'dòng tiêu đề' : 'phạm vi của bạn'}` : 'Dùng khi tệp không có cột «Thôn»'}
              placeholder="Lấy theo cột «Thôn»"
              data={villages}
              value={mapping.villageId ? String(mapping.villageId) : null}
              onChange={(v) => onChange({ villageId: v ? Number(v) : null })}
              clearable
              searchable
              disabled={busy}
            />
            <Select label="Cách nhận biết hộ" data={GROUPING_OPTIONS} value={mapping.grouping} onChange={(v) => v && onChange({ grouping: v as SheetMapping['grouping'] })} allowDeselect={false} disabled={busy} comboboxProps={{ width: 'max-content', position: 'bottom-end' }} styles={{ option: { maxWidth: 'min(480px, 90vw)' } }} />
          </SimpleGrid>
          <Text fw={600} size="sm" mb={6}>Cột trong tệp → trường trong hệ thống</Text>
          <Stack gap={0} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            {columns.map((i) => {
              const samples = sheet.sampleRows.map((r) => r.cells[i]).filter((c): c is string => Boolean(c)).slice(0, 3);
              const field = mapping.columns[i] ?? null;
              return (
                <Group key={i} justify="space-between" gap="sm" px="sm" py={8} wrap="wrap" style={{ borderTop: i ? '1px solid var(--mantine-color-gray-2)' : undefined }} data-testid="column-mapping">
                  <Box style={{ flex: '1 1 220px', minWidth: 0 }}>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      <Text span c="dimmed" ff="monospace" mr={6}>{columnLetter(i)}</Text>
                      {sheet.headers[i] || <Text span c="dimmed" fs="italic">(cột không có tên)</Text>}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>{samples.length ? `Ví dụ: ${samples.join(' · ')}` : 'Không có dữ liệu'}</Text>
                  </Box>
                  <Select
                    aria-label={`Trường của cột ${columnLetter(i)} «${sheet.headers[i] ?? ''}»`}
                    data={FIELD_OPTIONS}
                    value={field ?? IGNORE}
                    onChange={(v) => setColumn(i, !v || v === IGNORE ? null : (v as ImportField))}
                    allowDeselect={false}
                    disabled={busy}
                    w={{ base: '100%', xs: 240 }}
                    c={field ? undefined : 'dimmed'}
                  />
                </Group>
              );
            })}
          </Stack>
        </>
      )}
    </Card>
  );
}

// ---- Step 2: preview ----

/**
 * The plan in figures: households apart, then every data row of the file in exactly one of
 * the row counts, with the sum written out so nothing can go missing unseen.
 */
function SummaryCards({ summary }: { summary: ImportSummary }) {
  const waiting = summary.needsHouseholdRows ?? 0;
  const items: Array<{ label: string; value: number; color?: string; testId: string }> = [
    { label: 'Hộ mới', value: summary.newHouseholds, testId: 'sum-new-households' },
    { label: 'Nhân khẩu mới', value: summary.newPeople, testId: 'sum-new-people' },
    { label: 'Cập nhật', value: summary.updatedPeople, testId: 'sum-updated' },
    { label: 'Không đổi', value: summary.unchangedPeople, testId: 'sum-unchanged' },
    ...(waiting ? [{ label: 'Chờ chọn hộ', value: waiting, color: 'orange.8', testId: 'sum-waiting' }] : []),
    { label: 'Dòng lỗi', value: summary.errorRows, color: summary.errorRows ? 'red.7' : undefined, testId: 'sum-errors' },
    { label: 'Bỏ qua', value: summary.skippedRows, testId: 'sum-skipped' },
  ];
  const parts: Array<[number, string]> = [
    [summary.newPeople, 'mới'], [summary.updatedPeople, 'cập nhật'], [summary.unchangedPeople, 'không đổi'], [waiting, 'chờ chọn hộ'],
    [summary.errorRows, 'lỗi'], [summary.skippedRows, 'bỏ qua'], [summary.blankRows ?? 0, 'trống hoặc lặp tiêu đề'],
  ];
  const shown = parts.filter(([n], i) => n > 0 || i < 1);
  return (
    <Stack gap={6}>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: items.length }} spacing="sm" data-testid="import-summary">
        {items.map((i) => (
          // A label on two lines keeps its number on the line of the others'.
          <Card key={i.label} padding="sm" data-testid={i.testId} style={{ display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">{i.label}</Text>
            <Text fz={26} fw={700} c={i.color} className="num" lh={1.2}>{formatNumber(i.value)}</Text>
          </Card>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed" className="num" data-testid="sum-rows">
        {formatNumber(summary.rows)} dòng dữ liệu trong tệp = {shown.map(([n, label]) => `${formatNumber(n)} ${label}`).join(' + ')}
      </Text>
    </Stack>
  );
}

function PreviewStep({ batch, onBack }: { batch: ImportBatchView; onBack: () => void }) {
  const [problemPage, setProblemPage] = useState(1);
  const [updatePage, setUpdatePage] = useState(1);
  const [skippedPage, setSkippedPage] = useState(1);
  const [confirmWarnings, setConfirmWarnings] = useState(false);
  const [editing, setEditing] = useState<ImportRowView | null>(null);
  const problems = usePreview(batch.id, 'problems', problemPage, PAGE_SIZE);
  const updates = usePreview(batch.id, 'update', updatePage, PAGE_SIZE);
  const skipped = usePreview(batch.id, 'skipped', skippedPage, PAGE_SIZE, (problems.data?.summary.skippedRows ?? 0) > 0);
  const fix = useFixRow(batch.id);
  const skipErrors = useSkipErrors(batch.id);
  const commit = useCommit(batch.id);

  const data = problems.data;
  if (problems.error) return <DetailError error={problems.error} onRetry={() => problems.refetch()} notFoundTitle="Không tìm thấy lần nhập" />;
  if (!data) return <CenterLoader />;
  const summary = data.summary;

  const rowAction = (row: ImportRowView, input: Parameters<typeof fix.mutate>[0]['input']) =>
    fix.mutate({ sheetIndex: row.sheetIndex, rowNumber: row.rowNumber, input }, { onError: (e) => notifyError(e, 'Chưa lưu được') });
  const waiting = summary.needsHouseholdRows ?? 0;
  const chooseHousehold = (row: ImportRowView, household: HouseholdChoice | null) => rowAction(row, { household });
  const blockedByWarnings = summary.errorRows === 0 && waiting === 0 && summary.unconfirmedWarningRows > 0;
  const writes = summary.newPeople + summary.updatedPeople + summary.unchangedPeople;
  const canCommit = summary.errorRows === 0 && waiting === 0 && (summary.canCommit || confirmWarnings) && writes > 0;
  const skipAllErrors = () => skipErrors.mutate(undefined, {
    onSuccess: (result) => notifications.show({
      color: result.summary.needsHouseholdRows ? 'orange' : 'green',
      title: `Đã bỏ qua ${formatNumber(result.skipped)} dòng lỗi`,
      message: result.summary.needsHouseholdRows
        ? `${formatNumber(result.summary.needsHouseholdRows)} dòng không lỗi mất chủ hộ và đang chờ bạn chọn hộ (mục «Dòng chưa có hộ»); chúng không bị bỏ qua.`
        : 'Không dòng nào khác bị ảnh hưởng.',
    }),
  });

  return (
    <Stack gap="lg">
      <SummaryCards summary={summary} />

      <WaitingRowsCard batchId={batch.id} summary={summary} busy={fix.isPending} onChoose={chooseHousehold} onSkip={(row) => rowAction(row, { skip: true })} onEdit={setEditing} />

      <Card padding="lg">
        <Group justify="space-between" mb="sm" gap="sm">
          <Box>
            <Title order={2} fz="lg">Lỗi và cảnh báo</Title>
            <Text size="sm" c="dimmed">Sửa giá trị sai, hoặc bỏ qua dòng (dòng bị bỏ qua không được nhập).</Text>
          </Box>
          {summary.errorRows > 0 && (
            <Button variant="light" color="orange" onClick={skipAllErrors} loading={skipErrors.isPending} data-testid="skip-all-errors">
              Bỏ qua mọi dòng lỗi ({formatNumber(summary.errorRows)})
            </Button>
          )}
        </Group>
        {data.rows.total === 0 ? (
          <Empty title={summary.skippedRows ? 'Không còn dòng lỗi nào' : 'Không có lỗi nào'} description={summary.skippedRows ? 'Các dòng đã bỏ qua được liệt kê bên dưới.' : 'Mọi dòng đều đọc được.'} icon={<IconCheck size={28} />} />
        ) : (
          <Stack gap="xs" data-testid="problem-list" style={{ opacity: problems.isFetching ? 0.6 : 1 }}>
            {data.rows.items.map((row) => (
              <ProblemRow key={`${row.sheetIndex}-${row.rowNumber}`} row={row} busy={fix.isPending} onEdit={() => setEditing(row)} onSkip={(skip) => rowAction(row, { skip })} onConfirm={() => rowAction(row, { confirmWarnings: true })} />
            ))}
          </Stack>
        )}
        {data.rows.total > PAGE_SIZE && <PaginationBar page={problemPage} pageSize={PAGE_SIZE} total={data.rows.total} onChange={setProblemPage} noun="dòng" />}
        {summary.skippedRows > 0 && skipped.data && skipped.data.rows.total > 0 && (
          <>
            <Text fw={600} size="sm" mt="lg" mb={6}>Dòng bỏ qua ({formatNumber(summary.skippedRows)}) — không được nhập</Text>
            <Stack gap="xs" data-testid="skipped-list">
              {skipped.data.rows.items.map((row) => (
                <ProblemRow key={`${row.sheetIndex}-${row.rowNumber}`} row={row} busy={fix.isPending} onEdit={() => setEditing(row)} onSkip={(skip) => rowAction(row, { skip })} onConfirm={() => rowAction(row, { confirmWarnings: true })} />
              ))}
            </Stack>
            {skipped.data.rows.total > PAGE_SIZE && <PaginationBar page={skippedPage} pageSize={PAGE_SIZE} total={skipped.data.rows.total} onChange={setSkippedPage} noun="dòng" />}
          </>
        )}
      </Card>

      <Card padding="lg">
        <Title order={2} fz="lg" mb={4}>Thông tin sẽ được cập nhật</Title>
        <Text size="sm" c="dimmed" mb="sm">Những người đã có trong hệ thống (khớp theo số CCCD, hoặc họ tên + ngày sinh + hộ) mà tệp ghi khác đi.</Text>
        {!updates.data ? <CenterLoader /> : updates.data.rows.total === 0 ? (
          <Text size="sm" c="dimmed" data-testid="no-updates">Không có thông tin nào thay đổi.</Text>
        ) : (
          <Stack gap="xs" data-testid="update-list">
            {updates.data.rows.items.map((row) => (
              <Box key={`${row.sheetIndex}-${row.rowNumber}`} py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
                <Text size="sm" fw={600}>{row.person.fullName ?? '—'} <Text span size="xs" c="dimmed" fw={400}>· trang «{row.sheetName}», dòng {row.rowNumber}</Text></Text>
                {row.changes.map((c) => (
                  <Text key={c.field} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {c.label}: <Text span c="dimmed" td="line-through">{c.from ?? '(trống)'}</Text> → <Text span fw={600}>{c.to ?? '(trống)'}</Text>
                  </Text>
                ))}
              </Box>
            ))}
          </Stack>
        )}
        {updates.data && updates.data.rows.total > PAGE_SIZE && <PaginationBar page={updatePage} pageSize={PAGE_SIZE} total={updates.data.rows.total} onChange={setUpdatePage} noun="dòng" />}
      </Card>

      <Card padding="lg" data-testid="commit-panel">
        {summary.errorRows > 0 || waiting > 0 ? (
          <Alert color={summary.errorRows ? 'red' : 'orange'} variant="light" icon={<IconAlertCircle />} mb="md" data-testid="commit-blocked">
            {[
              summary.errorRows ? `Còn ${formatNumber(summary.errorRows)} dòng lỗi: sửa hoặc bỏ qua chúng.` : null,
              waiting ? `Còn ${formatNumber(waiting)} dòng chưa có hộ: chọn hộ cho chúng ở mục «Dòng chưa có hộ», hoặc bỏ qua.` : null,
            ].filter(Boolean).join(' ')} Chưa ghi được cho đến khi xong.
          </Alert>
        ) : blockedByWarnings ? (
          <Checkbox mb="md" checked={confirmWarnings} onChange={(e) => setConfirmWarnings(e.currentTarget.checked)} label={`Tôi đã xem ${formatNumber(summary.unconfirmedWarningRows)} dòng có cảnh báo và vẫn muốn nhập`} data-testid="confirm-warnings" />
        ) : writes > 0 && summary.newPeople + summary.updatedPeople + summary.newHouseholds === 0 ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle />} mb="md" data-testid="nothing-changes">
            Tệp không có gì mới: mọi người trong tệp đã có trong hệ thống với đúng thông tin này. Ghi vào hệ thống sẽ không thay đổi gì.
          </Alert>
        ) : (
          <Text size="sm" mb="md">
            Sẵn sàng ghi: {formatNumber(summary.newHouseholds)} hộ mới, {formatNumber(summary.newPeople)} nhân khẩu mới, {formatNumber(summary.updatedPeople)} người được cập nhật. Tất cả được ghi cùng một lần; có thể hoàn tác sau.
          </Text>
        )}
        {commit.error && <Alert color="red" variant="light" mb="md" role="alert">{errorMessage(commit.error)}</Alert>}
        <Group justify="space-between" gap="sm">
          <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={onBack}>Quay lại ghép cột</Button>
          <Button leftSection={<IconDatabaseImport size={18} />} disabled={!canCommit} loading={commit.isPending} onClick={() => commit.mutate(confirmWarnings, { onSuccess: () => notifications.show({ color: 'green', title: 'Đã ghi vào hệ thống', message: batch.fileName }) })} data-testid="commit">
            Ghi vào hệ thống
          </Button>
        </Group>
      </Card>

      <FixRowModal row={editing} busy={fix.isPending} onClose={() => setEditing(null)} onSave={(fixes) => fix.mutate({ sheetIndex: editing!.sheetIndex, rowNumber: editing!.rowNumber, input: { fixes } }, { onSuccess: () => setEditing(null), onError: (e) => notifyError(e, 'Chưa lưu được') })} />
    </Stack>
  );
}

const LEVEL_COLORS = { error: 'red', warning: 'orange', info: 'gray' } as const;

function ProblemRow({ row, busy, onEdit, onSkip, onConfirm }: { row: ImportRowView; busy: boolean; onEdit: () => void; onSkip: (skip: boolean) => void; onConfirm: () => void }) {
  const hasWarnings = row.problems.some((p) => p.level === 'warning');
  return (
    <Box p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: row.skipped ? 'var(--mantine-color-gray-0)' : undefined }} data-testid="problem-row">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Box style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap={6} mb={4}>
            <Text size="sm" fw={600}>Trang «{row.sheetName}», dòng {row.rowNumber}</Text>
            <Badge size="sm" variant="light" color={row.skipped ? 'gray' : row.action === 'error' ? 'red' : 'blue'} tt="none">{row.skipped ? 'Bỏ qua' : row.actionLabel}</Badge>
          </Group>
          {row.person.fullName && <Text size="sm" c="dimmed">{row.person.fullName}{row.person.villageName ? ` · ${row.person.villageName}` : ''}</Text>}
          {row.problems.map((p, i) => (
            <Text key={i} size="sm" c={`${LEVEL_COLORS[p.level]}.8`} style={{ overflowWrap: 'anywhere' }} data-testid="problem-message">
              {p.level === 'error' ? '✕' : '!'} {p.message}
            </Text>
          ))}
        </Box>
        <Group gap="xs" wrap="wrap">
          {!row.skipped && <Button size="xs" variant="light" onClick={onEdit} disabled={busy}>Sửa</Button>}
          {!row.skipped && hasWarnings && !row.warningsConfirmed && row.action !== 'error' && <Button size="xs" variant="light" color="orange" onClick={onConfirm} disabled={busy}>Vẫn nhập</Button>}
          <Button size="xs" variant={row.skipped ? 'light' : 'default'} onClick={() => onSkip(!row.skipped)} disabled={busy}>{row.skipped ? 'Nhập lại dòng này' : 'Bỏ qua'}</Button>
        </Group>
      </Group>
    </Box>
  );
}

function FixRowModal({ row, busy, onClose, onSave }: { row: ImportRowView | null; busy: boolean; onClose: () => void; onSave: (fixes: Partial<Record<ImportField, string | null>>) => void }) {
  const fields = row ? [...new Set(row.problems.map((p) => p.field).filter((f): f is ImportField => Boolean(f)))] : [];
  const [extra, setExtra] = useState<ImportField | null>(null);
  const [values, setValues] = useState<Partial<Record<ImportField, string>>>({});
  const shown = [...fields, ...(extra && !fields.includes(extra) ? [extra] : [])];
  const close = () => {
    setValues({});
    setExtra(null);
    onClose();
  };
  const current = (f: ImportField) => values[f] ?? row?.fixes[f] ?? currentValue(row, f) ?? '';
  return (
    <ResponsiveModal opened={row !== null} onClose={close} title={<Text fw={650}>Sửa dòng {row?.rowNumber} (trang «{row?.sheetName}»)</Text>}>
      {row && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const fixes = Object.fromEntries(shown.map((f) => [f, current(f).trim() || null]));
            onSave(fixes);
            setValues({});
            setExtra(null);
          }}
        >
          <Stack gap="sm">
            {row.problems.map((p, i) => (
              <Text key={i} size="sm" c={`${LEVEL_COLORS[p.level]}.8`}>{p.message}</Text>
            ))}
            <Text size="sm" c="dimmed">Gõ giá trị đúng như cách viết trong tệp (ví dụ ngày sinh 05/03/1987). Tệp gốc không bị sửa.</Text>
            {shown.map((f, i) => (
              <TextInput key={f} label={IMPORT_FIELD_LABELS[f]} value={current(f)} onChange={(e) => setValues((v) => ({ ...v, [f]: e.currentTarget.value }))} data-autofocus={i === 0 || undefined} />
            ))}
            <Select label="Sửa thêm trường khác" placeholder="Chọn trường" data={IMPORT_FIELDS.filter((f) => !shown.includes(f)).map((f) => ({ value: f, label: IMPORT_FIELD_LABELS[f] }))} value={null} onChange={(v) => v && setExtra(v as ImportField)} clearable />
            <Group justify="flex-end" gap="sm" mt="sm">
              <Button variant="default" onClick={close}>Hủy</Button>
              <Button type="submit" loading={busy} disabled={shown.length === 0} data-testid="save-fix">Lưu sửa</Button>
            </Group>
          </Stack>
        </form>
      )}
    </ResponsiveModal>
  );
}

/** What the row reads now for a field, to start the fix from (dates in the file's dd/mm/yyyy). */
function currentValue(row: ImportRowView | null, field: ImportField): string | null {
  if (!row) return null;
  const p = row.person;
  switch (field) {
    case 'fullName': return p.fullName;
    case 'birthDate': return p.birthDate ? p.birthDate.split('-').reverse().join('/') : null;
    case 'birthYear': return p.birthYear != null ? String(p.birthYear) : null;
    case 'sex': return p.sex === 'male' ? 'Nam' : p.sex === 'female' ? 'Nữ' : null;
    case 'relationToHead': return p.relationToHead;
    case 'ethnicity': return p.ethnicity;
    case 'phone': return p.phone;
    case 'note': return p.note;
    case 'village': return p.villageName;
    case 'headName': return row.household.headName;
    case 'householdNumber': return row.household.number;
    default: return null;
  }
}

// ---- Step 3: result ----

function ResultStep({ batch }: { batch: ImportBatchView }) {
  const undo = useUndo(batch.id);
  const [confirm, setConfirm] = useState(false);
  const s = batch.summary;
  if (batch.status === 'discarded') {
    return <Empty title="Lần nhập đã bị hủy" description="Tệp đã tải lên được xóa; chưa có gì được ghi." action={<Button component={Link} to="/nhap-du-lieu">Nhập tệp khác</Button>} />;
  }
  return (
    <Stack gap="lg" data-testid="import-result">
      {batch.status === 'committed' ? (
        <Alert color="green" variant="light" icon={<IconCheck />} title="Đã ghi vào hệ thống">
          Ghi lúc {formatDateTime(batch.committedAt)}. Có thể hoàn tác cả lần nhập khi các bản ghi chưa bị sửa sau đó.
        </Alert>
      ) : (
        <Alert color="gray" variant="light" icon={<IconInfoCircle />} title="Đã hoàn tác lần nhập" data-testid="import-undone">
          Hoàn tác lúc {formatDateTime(batch.undoneAt)}: các hộ và nhân khẩu do lần nhập tạo ra đã được gỡ, thông tin cập nhật đã trở về như trước.
        </Alert>
      )}
      {s && <SummaryCards summary={s} />}
      <Group gap="sm" justify="space-between">
        <Group gap="sm">
          <Button component={Link} to="/nhan-khau">Xem danh sách nhân khẩu</Button>
          <Button variant="default" component={Link} to="/nhap-du-lieu">Nhập tệp khác</Button>
        </Group>
        {batch.status === 'committed' && (
          <Button variant="outline" color="red" onClick={() => setConfirm(true)} data-testid="undo-import">Hoàn tác lần nhập</Button>
        )}
      </Group>
      <ConfirmModal
        opened={confirm}
        onClose={() => setConfirm(false)}
        onConfirm={() => undo.mutate(undefined, { onSuccess: () => setConfirm(false), onError: (e) => notifyError(e, 'Không hoàn tác được') })}
        loading={undo.isPending}
        title="Hoàn tác lần nhập?"
        confirmLabel="Hoàn tác lần nhập"
      >
        Mọi hộ và nhân khẩu do tệp «{batch.fileName}» tạo ra sẽ bị gỡ, các thông tin đã cập nhật trở về như trước. Chỉ làm được khi các bản ghi này chưa bị sửa sau đó.
      </ConfirmModal>
    </Stack>
  );
}

