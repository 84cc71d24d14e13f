// Giao nhiệm vụ (/nhiem-vu/moi) and Yêu cầu đột xuất (/nhiem-vu/dot-xuat): a task of the
// year's plan (unit, cooperating units, clause, a due date or a repeat, the evidence it
// needs), or a province's request by a date with its document attached.
import { Alert, Button, Card, FileInput, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { addDays, todayInVietnam, yearInVietnam } from '../../../shared/calendar.ts';
import { COMPLETING_REPORTS, EVIDENCE_KINDS, EVIDENCE_KIND_LABELS, TASK_REPEATS, TASK_REPEAT_LABELS, TASK_UNITS, TASK_UNIT_LABELS, type CompletingReport, type EvidenceKind, type TaskRepeat, type TaskUnit } from '../../../shared/tasks.ts';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { uploadEvidence } from '../attachments/attachments.api.ts';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { usePlans } from '../plans/plans.api.ts';
import { createAdhocTask, createTask, useTasksChanged } from './tasks.api.ts';

const COMPLETES_LABELS: Record<CompletingReport, string> = {
  village_monthly: 'Khi thôn nộp báo cáo tháng', village_quarterly: 'Khi thôn nộp báo cáo quý', commune_monthly: 'Khi báo cáo tháng của xã được gửi Sở',
};
const unitOptions = TASK_UNITS.map((u) => ({ value: u, label: TASK_UNIT_LABELS[u] }));

export function TaskFormPage({ adhoc = false }: { adhoc?: boolean }) {
  const session = useSession();
  const navigate = useNavigate();
  const changed = useTasksChanged();
  const plans = usePlans();
  const { tree } = useOrgUnits();
  const [id] = useState(() => uuidv7());
  const thisYear = yearInVietnam();
  const planChoices = (plans.data?.items ?? []).filter((p) => p.year >= thisYear - 1);
  const [planId, setPlanId] = useState<string | null>(null);
  const plan = planChoices.find((p) => p.id === planId) ?? planChoices.find((p) => p.year === thisYear) ?? planChoices[0];
  const [title, setTitle] = useState('');
  const [clause, setClause] = useState('');
  const [responsible, setResponsible] = useState<TaskUnit | null>(null);
  const [villageId, setVillageId] = useState<string | null>(null);
  const [cooperating, setCooperating] = useState<string[]>([]);
  const [mode, setMode] = useState<'due' | 'repeat'>('due');
  const [dueOn, setDueOn] = useState<string | null>(adhoc ? addDays(todayInVietnam(), 7) : null);
  const [repeat, setRepeat] = useState<TaskRepeat>('monthly');
  const [day, setDay] = useState<number | string>(5);
  const [evidence, setEvidence] = useState<EvidenceKind | null>(null);
  const [completes, setCompletes] = useState<CompletingReport | null>(null);
  const [sourceDocument, setSourceDocument] = useState('');
  const [document, setDocument] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ path: string; message: string } | null>(null);
  const villages = tree.villages.filter((v) => session.me.orgUnit.level !== 'commune' || v.parentId === session.me.orgUnit.id);
  const err = (path: string) => (error && (error.path === path || error.path.startsWith(`${path}.`)) ? error.message : undefined);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const common = { title, responsible: responsible!, villageId: responsible === 'village_head' && villageId ? Number(villageId) : null, cooperating: cooperating as TaskUnit[] };
      if (!responsible) throw new ApiError(400, 'validation', 'Đơn vị chủ trì: chọn đơn vị.', [{ path: 'responsible', message: 'Đơn vị chủ trì: chọn đơn vị.' }]);
      if (adhoc) {
        const ids = document ? [(await uploadEvidence({ blob: document, contentType: document.type as never, fileName: document.name })).id] : [];
        const made = await createAdhocTask({ id, orgUnitId: session.me.orgUnit.id, sourceDocument, dueOn: dueOn ?? '', documentIds: ids, ...common });
        changed(made);
        navigate(`/nhiem-vu/${made.id}`);
      } else {
        if (!plan) throw new ApiError(400, 'validation', 'Kế hoạch: chưa có kế hoạch năm để giao nhiệm vụ.', [{ path: 'planId', message: 'Chưa có kế hoạch năm.' }]);
        await createTask({
          id, planId: plan.id, clause, ...common, dueOn: mode === 'due' ? dueOn : null, repeat: mode === 'repeat' ? { kind: repeat, day: Number(day) } : null,
          evidenceExpected: evidence, completesWith: mode === 'repeat' ? completes : null,
        });
        changed();
        notifications.show({ color: 'teal', message: 'Đã giao nhiệm vụ.' });
        navigate(`/nhiem-vu?nam=${plan.year}`);
      }
    } catch (e) {
      if (e instanceof ApiError && e.fields[0]) setError(e.fields[0]);
      notifications.show({ color: 'red', title: 'Chưa lưu được', message: errorMessage(e), autoClose: 10000 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title={adhoc ? 'Yêu cầu đột xuất' : 'Giao nhiệm vụ'}
        crumbs={[{ label: 'Nhiệm vụ', to: '/nhiem-vu' }, { label: adhoc ? 'Yêu cầu đột xuất' : 'Giao nhiệm vụ' }]}
        description={adhoc ? 'Văn bản của tỉnh yêu cầu thực hiện một việc trước một ngày: thành nhiệm vụ, kèm văn bản.' : plan ? `Nhiệm vụ của ${plan.title.charAt(0).toLocaleLowerCase('vi')}${plan.title.slice(1)}` : undefined}
      />
      <Card withBorder maw={820}>
        <Stack gap="sm">
          {!adhoc && planChoices.length > 1 && (
            <Select label="Kế hoạch" data={planChoices.map((p) => ({ value: p.id, label: `Kế hoạch năm ${p.year}` }))} value={plan?.id ?? null} onChange={setPlanId} allowDeselect={false} />
          )}
          {!adhoc && !plans.isPending && !plan && <Alert color="orange">Chưa có kế hoạch năm để giao nhiệm vụ.</Alert>}
          {adhoc && (
            <TextInput label="Văn bản yêu cầu" placeholder="Công văn số …/SKH-CN ngày … của Sở Khoa học và Công nghệ" value={sourceDocument} onChange={(e) => setSourceDocument(e.currentTarget.value)} error={err('sourceDocument')} withAsterisk />
          )}
          <Textarea label="Nội dung nhiệm vụ" autosize minRows={2} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={err('title')} withAsterisk />
          {!adhoc && <TextInput label="Mục của kế hoạch" placeholder="Ví dụ IV.1 (để trống: theo đơn vị chủ trì)" value={clause} onChange={(e) => setClause(e.currentTarget.value)} w={260} />}
          <Group grow align="flex-start">
            <Select label="Đơn vị chủ trì" data={unitOptions} value={responsible} onChange={(v) => setResponsible(v as TaskUnit | null)} error={err('responsible')} withAsterisk />
            {responsible === 'village_head' && (
              <Select label="Thôn" placeholder="Tất cả các thôn" clearable searchable data={villages.map((v) => ({ value: String(v.id), label: v.name }))} value={villageId} onChange={setVillageId} error={err('villageId')} />
            )}
          </Group>
          <MultiSelect label="Đơn vị phối hợp" data={unitOptions.filter((u) => u.value !== responsible)} value={cooperating} onChange={setCooperating} error={err('cooperating')} clearable />
          {!adhoc && (
            <SegmentedControl value={mode} onChange={(v) => setMode(v as 'due' | 'repeat')} data={[{ value: 'due', label: 'Có hạn hoàn thành' }, { value: 'repeat', label: 'Lặp lại' }]} w="fit-content" />
          )}
          {adhoc || mode === 'due' ? (
            <VnDateInput label="Hạn hoàn thành" value={dueOn} onChange={(v) => setDueOn(v)} error={err('dueOn')} w={220} withAsterisk />
          ) : (
            <Group align="flex-start" grow>
              <Select label="Lặp lại" data={TASK_REPEATS.map((r) => ({ value: r, label: TASK_REPEAT_LABELS[r] }))} value={repeat} onChange={(v) => setRepeat((v ?? 'monthly') as TaskRepeat)} allowDeselect={false} error={err('repeat')} />
              <NumberInput label={repeat === 'monthly' ? 'Hạn: ngày … của tháng sau' : 'Hạn: ngày … của tháng đầu quý sau'} min={1} max={28} value={day} onChange={setDay} error={err('repeat.day')} />
              <Select label="Tự hoàn thành" placeholder="Không" clearable data={COMPLETING_REPORTS.map((c) => ({ value: c, label: COMPLETES_LABELS[c] }))} value={completes} onChange={(v) => setCompletes(v as CompletingReport | null)} error={err('completesWith')} />
            </Group>
          )}
          {!adhoc && (
            <Select label="Minh chứng cần có" placeholder="Bất kỳ (hoặc không cần)" clearable w={320}
              data={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k].replace(/^./, (c) => c.toLocaleUpperCase('vi')) }))} value={evidence} onChange={(v) => setEvidence(v as EvidenceKind | null)} />
          )}
          {adhoc && (
            <FileInput label="Văn bản (PDF hoặc ảnh chụp)" accept="application/pdf,image/jpeg,image/png,image/webp" value={document} onChange={setDocument} error={err('documentIds')} withAsterisk clearable />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate(-1)}>Hủy</Button>
            <Button loading={busy} onClick={() => void submit()} data-testid="task-save">{adhoc ? 'Tạo nhiệm vụ' : 'Giao nhiệm vụ'}</Button>
          </Group>
        </Stack>
      </Card>
    </>
  );
}
