// Tiêu chí danh hiệu (/thi-dua/tieu-chi): Phòng VH-XH writes each title's rule as conditions
// on the figures the system computes (a status, a count over the period, a village's
// indicator, a team's work), combined with "all" or "any", and a score that ranks those who
// pass. Saving makes a new version; a campaign keeps the version it froze when it started.
import { ActionIcon, Button, Card, Group, NumberInput, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import {
  AWARD_FIGURES,
  AWARD_TITLES,
  AWARD_TITLE_LABELS,
  COMBINE_LABELS,
  figuresOf,
  type AwardFigure,
  type AwardTitle,
  type Condition,
  type RuleView,
  type ScoreTerm,
} from '../../../shared/awards.ts';
import { ApiError, errorMessage } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { notifySaved } from '../../components/forms.ts';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { conditionText } from './AwardBits.tsx';
import { saveRule, useAwardsChanged, useRules } from './awards.api.ts';

export function RulesPage() {
  const rules = useRules();
  const [award, setAward] = useState<AwardTitle>('citizen');
  const isMobile = useIsMobile();
  const titles = AWARD_TITLES.map((t) => ({ value: t, label: AWARD_TITLE_LABELS[t] }));
  return (
    <>
      <PageHeader
        title="Tiêu chí danh hiệu"
        crumbs={[{ label: 'Thi đua, khen thưởng', to: '/thi-dua' }, { label: 'Tiêu chí danh hiệu' }]}
        description="Mỗi điều kiện so một số liệu hệ thống đã tính với một ngưỡng. Lưu là tạo phiên bản mới; đợt thi đua đã bắt đầu giữ phiên bản đã chốt."
      />
      {isMobile ? (
        <Select mb="md" label="Danh hiệu" data={titles} value={award} onChange={(v) => v && setAward(v as AwardTitle)} allowDeselect={false} data-testid="rule-titles" />
      ) : (
        <SegmentedControl mb="md" fullWidth value={award} onChange={(v) => setAward(v as AwardTitle)} data={titles} data-testid="rule-titles" />
      )}
      {rules.error ? <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />
        : rules.isPending ? <LoadingBlock />
        : <RuleEditor key={`${award}:${rules.data.current[award]?.version ?? 0}`} award={award} current={rules.data.current[award]} history={rules.data.history.filter((r) => r.award === award)} />}
    </>
  );
}

function blankCondition(award: AwardTitle): Condition {
  const figure = figuresOf(award)[0];
  return AWARD_FIGURES[figure].kind === 'flag' ? { figure, op: 'is', value: true } : { figure, op: '>=', value: 0 };
}

function RuleEditor({ award, current, history }: { award: AwardTitle; current: RuleView | null; history: RuleView[] }) {
  const session = useSession();
  const changed = useAwardsChanged();
  const canEdit = session.can('awards.manage');
  const [combine, setCombine] = useState<'all' | 'any'>(current?.combine ?? 'all');
  const [conditions, setConditions] = useState<Condition[]>(current?.conditions ?? [blankCondition(award)]);
  const [score, setScore] = useState<ScoreTerm[]>(current?.score ?? []);
  const [note, setNote] = useState(current?.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => setErrors({}), [award]);
  const figureOptions = figuresOf(award).map((f) => ({ value: f, label: AWARD_FIGURES[f].label }));

  const setCondition = (i: number, patch: Partial<Condition>) => setConditions(conditions.map((c, j) => {
    if (j !== i) return c;
    const next = { ...c, ...patch };
    if (patch.figure) {
      const flag = AWARD_FIGURES[patch.figure as AwardFigure].kind === 'flag';
      if (flag) return { ...next, op: 'is', value: true };
      if (next.op === 'is') return { ...next, op: '>=', value: 0 };
    }
    return next;
  }));

  async function save() {
    setSaving(true);
    setErrors({});
    try {
      await saveRule({ award, combine, conditions, score, note });
      changed();
      notifySaved(`Đã lưu tiêu chí "${AWARD_TITLE_LABELS[award]}" thành phiên bản mới.`);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.path, f.message])) : { form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="md">
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={3} fz="lg">{AWARD_TITLE_LABELS[award]}</Title>
          <Text size="sm" c="dimmed">{current ? `Phiên bản ${current.version} · ${current.createdBy ?? ''} · ${formatDateTime(current.createdAt)}` : 'Chưa có tiêu chí'}</Text>
        </Group>
        <Select
          label="Cách kết hợp"
          w={{ base: '100%', sm: 320 }}
          data={Object.entries(COMBINE_LABELS).map(([value, label]) => ({ value, label }))}
          value={combine}
          onChange={(v) => setCombine((v ?? 'all') as 'all' | 'any')}
          allowDeselect={false}
          disabled={!canEdit}
          error={errors.combine}
          mb="sm"
        />
        <Stack gap="xs" data-testid="rule-conditions">
          {conditions.map((c, i) => {
            const kind = AWARD_FIGURES[c.figure as AwardFigure]?.kind;
            return (
              <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid={`condition-${i}`}>
                <Select
                  aria-label={`Chỉ số của điều kiện ${i + 1}`}
                  style={{ flex: '1 1 280px' }}
                  data={figureOptions}
                  value={c.figure}
                  onChange={(v) => v && setCondition(i, { figure: v })}
                  allowDeselect={false}
                  searchable
                  disabled={!canEdit}
                  error={errors[`conditions.${i}.figure`]}
                />
                {kind === 'flag' ? (
                  <Select aria-label={`Yêu cầu của điều kiện ${i + 1}`} w={130} data={[{ value: 'true', label: 'Có' }, { value: 'false', label: 'Không' }]} value={String(c.value)} onChange={(v) => setCondition(i, { value: v === 'true' })} allowDeselect={false} disabled={!canEdit} />
                ) : (
                  <>
                    <Select aria-label={`Phép so sánh của điều kiện ${i + 1}`} w={130} data={[{ value: '>=', label: 'từ … trở lên' }, { value: '<=', label: 'không quá' }, { value: '=', label: 'bằng' }]} value={c.op} onChange={(v) => v && setCondition(i, { op: v as Condition['op'] })} allowDeselect={false} disabled={!canEdit} />
                    <NumberInput aria-label={`Ngưỡng của điều kiện ${i + 1}`} w={130} value={c.value as number} onChange={(v) => setCondition(i, { value: typeof v === 'number' ? v : Number(v) || 0 })} decimalScale={2} disabled={!canEdit} error={errors[`conditions.${i}.value`]} suffix={kind === 'percent' ? ' %' : undefined} />
                  </>
                )}
                {canEdit && conditions.length > 1 && (
                  <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Xóa điều kiện ${i + 1}`} onClick={() => setConditions(conditions.filter((_, j) => j !== i))}><IconTrash size={18} /></ActionIcon>
                )}
              </Group>
            );
          })}
          {errors.conditions && <Text c="red" size="sm">{errors.conditions}</Text>}
          {canEdit && <Button variant="light" w="fit-content" leftSection={<IconPlus size={16} />} onClick={() => setConditions([...conditions, blankCondition(award)])}>Thêm điều kiện</Button>}
        </Stack>
        <Title order={4} fz="md" mt="md" mb={4}>Điểm xếp hạng (không bắt buộc)</Title>
        <Text size="xs" c="dimmed" mb="xs">Người/tập thể đạt tiêu chí được xếp theo tổng: trọng số × số liệu (điều kiện có/không tính 1 hoặc 0).</Text>
        <Stack gap="xs">
          {score.map((s, i) => (
            <Group key={i} gap="xs" wrap="wrap">
              <Select aria-label={`Chỉ số tính điểm ${i + 1}`} style={{ flex: '1 1 280px' }} data={figureOptions} value={s.figure} onChange={(v) => v && setScore(score.map((x, j) => (j === i ? { ...x, figure: v } : x)))} allowDeselect={false} disabled={!canEdit} error={errors[`score.${i}.figure`]} />
              <NumberInput aria-label={`Trọng số ${i + 1}`} w={130} value={s.weight} decimalScale={2} onChange={(v) => setScore(score.map((x, j) => (j === i ? { ...x, weight: typeof v === 'number' ? v : Number(v) || 0 } : x)))} disabled={!canEdit} />
              {canEdit && <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Xóa điểm ${i + 1}`} onClick={() => setScore(score.filter((_, j) => j !== i))}><IconTrash size={18} /></ActionIcon>}
            </Group>
          ))}
          {canEdit && score.length < 10 && <Button variant="subtle" w="fit-content" leftSection={<IconPlus size={16} />} onClick={() => setScore([...score, { figure: figuresOf(award)[0], weight: 1 }])}>Thêm thành phần điểm</Button>}
        </Stack>
        <Textarea label="Ghi chú (giải thích tiêu chí)" mt="md" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} disabled={!canEdit} />
        {errors.form && <Text c="red" size="sm" mt="xs">{errors.form}</Text>}
        {canEdit && <Group justify="flex-end" mt="md"><Button loading={saving} onClick={() => void save()}>Lưu thành phiên bản mới</Button></Group>}
      </Card>
      {history.length > 0 && (
        <Card withBorder>
          <Title order={3} fz="md" mb="xs">Các phiên bản</Title>
          <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} aria-label="Các phiên bản tiêu chí">
            <Table fz="sm" data-testid="rule-history">
              <Table.Thead><Table.Tr><Table.Th>Phiên bản</Table.Th><Table.Th>Điều kiện</Table.Th><Table.Th>Người lập</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {history.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.version}</Table.Td>
                    <Table.Td>{r.combine === 'all' ? 'Tất cả: ' : 'Một trong: '}{r.conditions.map(conditionText).join('; ')}</Table.Td>
                    <Table.Td>{r.createdBy ?? ''}<br /><Text span size="xs" c="dimmed">{formatDateTime(r.createdAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
