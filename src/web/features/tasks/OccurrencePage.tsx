// Một nhiệm vụ (/nhiem-vu/:id): what is to be done, by whom, when; its status and evidence —
// a file, a link, or a report / training / campaign of the system — updated by the unit's
// own people (Phòng VH-XH and the leader too), the request's document, and every change.
import { Anchor, Button, Card, FileInput, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  EVIDENCE_KINDS,
  EVIDENCE_KIND_LABELS,
  TASK_REPEAT_LABELS,
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  TASK_UNIT_LABELS,
  type EvidenceInput,
  type EvidenceKind,
  type OccurrenceDetail,
  type TaskStatus,
} from '../../../shared/tasks.ts';
import { ApiError, errorMessage } from '../../app/api.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { uploadEvidence } from '../attachments/attachments.api.ts';
import { useCampaigns } from '../communication/communication.api.ts';
import { useReportList } from '../reports/reports.api.ts';
import { useTrainingList } from '../trainings/trainings.api.ts';
import { TaskStatusBadge } from './TaskBits.tsx';
import { saveProgress, useOccurrence, useTasksChanged } from './tasks.api.ts';

export function OccurrencePage() {
  const { id } = useParams();
  const occurrence = useOccurrence(id);
  if (occurrence.error) return <DetailError error={occurrence.error} onRetry={() => void occurrence.refetch()} notFoundTitle="Không tìm thấy nhiệm vụ" />;
  if (!occurrence.data) return <LoadingBlock />;
  return <OccurrenceDetailView key={`${occurrence.data.id}:${occurrence.data.version}`} o={occurrence.data} />;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} component="div">{children}</Text>
    </Stack>
  );
}

function OccurrenceDetailView({ o }: { o: OccurrenceDetail }) {
  const year = Number(o.dueOn.slice(0, 4));
  return (
    <>
      <PageHeader
        title={o.title}
        docTitle="Nhiệm vụ"
        badge={<TaskStatusBadge shown={o.shown} doneLate={o.doneLate} />}
        crumbs={[{ label: 'Nhiệm vụ', to: '/nhiem-vu' }, { label: o.periodLabel ?? formatDate(o.dueOn) }]}
      />
      <Stack gap="md">
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <Fact label="Đơn vị chủ trì">{o.unitLabel}</Fact>
            <Fact label="Đơn vị phối hợp">{o.cooperating.length ? o.cooperating.map((c) => TASK_UNIT_LABELS[c]).join(', ') : '—'}</Fact>
            <Fact label="Hạn hoàn thành"><Text span c={o.shown === 'overdue' ? 'red.8' : undefined} fw={700} data-testid="occurrence-due">{formatDate(o.dueOn)}</Text>{o.periodLabel ? ` (${o.periodLabel})` : ''}</Fact>
            <Fact label="Mục của kế hoạch">{o.clause || '—'}{o.repeat ? ` · ${TASK_REPEAT_LABELS[o.repeat.kind]}` : ''}</Fact>
            <Fact label="Hoàn thành ngày">{o.doneOn ? formatDate(o.doneOn) : '—'}</Fact>
            <Fact label="Minh chứng">
              {o.evidence ? (
                o.evidence.kind === 'file' || o.evidence.kind === 'link'
                  ? <Anchor href={o.evidence.href} target="_blank" data-testid="occurrence-evidence">{o.evidence.label}</Anchor>
                  : <Anchor component={Link} to={o.evidence.href} data-testid="occurrence-evidence">{o.evidence.label}</Anchor>
              ) : o.evidenceExpected ? `Cần ${EVIDENCE_KIND_LABELS[o.evidenceExpected]}` : '—'}
            </Fact>
            {o.completesWith && <Fact label="Tự hoàn thành">Khi báo cáo được nộp</Fact>}
            {o.sourceDocument && <Fact label="Văn bản yêu cầu">{o.sourceDocument}</Fact>}
          </SimpleGrid>
          {o.documents.length > 0 && (
            <Group gap="xs" mt="sm">
              {o.documents.map((d) => <Anchor key={d.id} href={d.url} target="_blank" size="sm"><IconPaperclip size={14} /> {d.fileName ?? 'Văn bản'}</Anchor>)}
            </Group>
          )}
          {o.note && <Text size="sm" mt="sm" c="dimmed">Ghi chú: {o.note}</Text>}
        </Card>
        {o.canProgress && <ProgressForm o={o} year={year} />}
        <Card withBorder>
          <Title order={3} size="h4" mb="sm"><IconHistory size={18} /> Lịch sử thay đổi</Title>
          <Timeline bulletSize={14} lineWidth={2} data-testid="occurrence-history">
            {o.history.map((h, i) => (
              <Timeline.Item key={i} title={<Text size="sm" fw={600}>{h.text}</Text>}>
                <Text size="xs" c="dimmed">{formatDateTime(h.at)}{h.by ? ` · ${h.by}` : ''}</Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </Stack>
    </>
  );
}

function ProgressForm({ o, year }: { o: OccurrenceDetail; year: number }) {
  const changed = useTasksChanged();
  const [status, setStatus] = useState<TaskStatus>(o.status);
  const [kind, setKind] = useState<EvidenceKind | null>(o.evidence?.kind ?? o.evidenceExpected ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState(o.evidence?.kind === 'link' ? o.evidence.href : '');
  const [recordId, setRecordId] = useState<string | null>(null);
  const [note, setNote] = useState(o.note);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ path: string; message: string } | null>(null);
  const reports = useReportList({ year, pageSize: 100 }, kind === 'report');
  const trainings = useTrainingList({ year });
  const campaigns = useCampaigns({ year });
  const records = kind === 'report'
    ? (reports.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.periodLabel} — ${r.orgUnit.name}` }))
    : kind === 'training'
      ? (trainings.data?.items ?? []).map((t) => ({ value: t.id, label: `${t.title} (${formatDate(t.startsAt.slice(0, 10))})` }))
      : kind === 'campaign' ? (campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name })) : [];
  const kinds = (o.evidenceExpected ? [o.evidenceExpected] : [...EVIDENCE_KINDS]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      let evidence: EvidenceInput | null | undefined;
      if (kind === 'file' && file) {
        const up = await uploadEvidence({ blob: file, contentType: file.type as never, fileName: file.name });
        evidence = { kind: 'file', attachmentId: up.id };
      } else if (kind === 'link' && url && url !== (o.evidence?.kind === 'link' ? o.evidence.href : '')) evidence = { kind: 'link', url };
      else if ((kind === 'report' || kind === 'training' || kind === 'campaign') && recordId) evidence = { kind, recordId };
      const next = await saveProgress(o.id, { version: o.version, status, note, ...(evidence !== undefined ? { evidence } : {}) });
      changed(next);
      notifications.show({ color: 'teal', message: `Đã cập nhật: ${TASK_STATUS_LABELS[next.shown]}.` });
    } catch (e) {
      if (e instanceof ApiError && e.fields[0]) setError(e.fields[0]);
      notifications.show({ color: 'red', title: 'Chưa cập nhật được', message: errorMessage(e), autoClose: 10000 });
    } finally {
      setBusy(false);
    }
  }
  const errorAt = (prefix: string) => (error?.path.startsWith(prefix) ? error.message : undefined);
  return (
    <Card withBorder data-testid="progress-form">
      <Title order={3} size="h4" mb="sm">Cập nhật tiến độ</Title>
      <Stack gap="sm">
        <SegmentedControl value={status} onChange={(v) => setStatus(v as TaskStatus)} data={TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))} data-testid="progress-status" />
        <Select label="Loại minh chứng" data={kinds.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k].charAt(0).toLocaleUpperCase('vi') + EVIDENCE_KIND_LABELS[k].slice(1) }))}
          value={kind} onChange={(v) => setKind(v as EvidenceKind | null)} clearable={!o.evidenceExpected} error={errorAt('evidence.kind') ?? (error?.path === 'evidence' ? error.message : undefined)} />
        {kind === 'file' && <FileInput label="Tệp minh chứng (ảnh hoặc PDF)" accept="image/jpeg,image/png,image/webp,application/pdf" value={file} onChange={setFile} clearable error={errorAt('evidence.attachmentId')} />}
        {kind === 'link' && <TextInput label="Đường dẫn" placeholder="https://…" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errorAt('evidence.url')} />}
        {(kind === 'report' || kind === 'training' || kind === 'campaign') && (
          <Select label={EVIDENCE_KIND_LABELS[kind].replace(' trong hệ thống', '').replace(/^./, (c) => c.toLocaleUpperCase('vi'))} searchable data={records} value={recordId} onChange={setRecordId}
            placeholder={o.evidence?.kind === kind ? o.evidence.label : 'Chọn'} error={errorAt('evidence.recordId')} />
        )}
        <Textarea label="Ghi chú" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="flex-end"><Button loading={busy} onClick={() => void submit()} data-testid="progress-save">Lưu tiến độ</Button></Group>
      </Stack>
    </Card>
  );
}
