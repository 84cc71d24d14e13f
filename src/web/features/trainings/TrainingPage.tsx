// One training (/tap-huan/:id): what, when, where, who was invited; the attendance of each
// invited member (present / absent / excused, and for an online course its completion with the
// certificate's number and date) taken here from the signed sheet; the sheet's photos; the
// A4 sign-in sheet to print.
import { Alert, Badge, Button, Card, Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconChecks, IconEdit, IconPrinter } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  ATTENDANCE_STATUS_LABELS,
  ONLINE_METHODS,
  TRAINING_TOPIC_LABELS,
  type AttendanceStatus,
  type InvitedMember,
  type TrainingView,
} from '../../../shared/trainings.ts';
import { TEAM_ROLE_LABELS } from '../../../shared/teams.ts';
import { ApiError } from '../../app/api.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { notifyError, notifySaved, stripLabel } from '../../components/forms.ts';
import { useIsMobile, useLeaveGuard } from '../../components/hooks.ts';
import { EvidencePhotos } from '../../components/EvidencePhotos.tsx';
import type { EvidenceFile } from '../../components/image-reduce.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { uploadEvidence } from '../attachments/attachments.api.ts';
import { TrainingStatusBadge, methodText, whenText } from './TrainingBits.tsx';
import { addTrainingPhotos, removeTrainingPhoto, saveAttendance, useTraining, useTrainingUpdated } from './trainings.api.ts';

interface Row {
  status: AttendanceStatus | null;
  completed: boolean;
  certificateNo: string;
  certificateDate: string | null;
}

const rowOf = (m: InvitedMember): Row => ({
  status: m.attendance?.status ?? null,
  completed: m.attendance?.completed ?? false,
  certificateNo: m.attendance?.certificateNo ?? '',
  certificateDate: m.attendance?.certificateDate ?? null,
});
const sameRow = (a: Row, b: Row) => a.status === b.status && a.completed === b.completed && a.certificateNo === b.certificateNo && a.certificateDate === b.certificateDate;

export function TrainingPage() {
  const { id } = useParams();
  const training = useTraining(id);
  if (!training.data) return training.error ? <DetailError error={training.error} notFoundTitle="Không tìm thấy lớp tập huấn" /> : <LoadingBlock />;
  return <TrainingDetail training={training.data} />;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

function TrainingDetail({ training }: { training: TrainingView }) {
  const updated = useTrainingUpdated();
  return (
    <>
      <PageHeader
        title={training.title}
        badge={<TrainingStatusBadge status={training.status} startsAt={training.startsAt} />}
        crumbs={[{ label: 'Tập huấn', to: '/tap-huan' }, { label: training.title }]}
        description={`${whenText(training.startsAt, training.endsAt)}${training.place ? ` · ${training.place}` : ''}`}
        actions={
          <>
            <Button component={Link} to={`/tap-huan/${training.id}/in`} variant="default" leftSection={<IconPrinter size={18} />} data-testid="print-sheet">In danh sách ký tên</Button>
            {training.can.edit && <Button component={Link} to={`/tap-huan/${training.id}/sua`} variant="light" leftSection={<IconEdit size={18} />}>Sửa</Button>}
          </>
        }
      />
      <Stack gap="md">
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <Fact label="Nội dung">{training.topics.map((t) => TRAINING_TOPIC_LABELS[t]).join('; ')}</Fact>
            <Fact label="Hình thức">{methodText(training.method, training.platform)}</Fact>
            <Fact label="Lồng ghép">{training.integratedWith ?? 'Không'}</Fact>
            <Fact label="Đơn vị tổ chức">{training.organiser}</Fact>
            <Fact label="Người hướng dẫn">{training.trainer}</Fact>
            <Fact label="Kinh phí">{training.costVnd === null ? '' : `${formatNumber(training.costVnd)} đồng`}</Fact>
            <Fact label="Thôn được mời">{training.villages.length > 6 ? `${training.villages.length} thôn` : training.villages.map((v) => v.name).join(', ')}</Fact>
            <Fact label="Người lập">{training.createdBy}</Fact>
            {training.notes && <Fact label="Ghi chú">{training.notes}</Fact>}
          </SimpleGrid>
        </Card>
        <AttendanceCard training={training} onSaved={updated} />
        <Card withBorder padding="md">
          <Title order={4} mb="xs">Ảnh minh chứng</Title>
          <Text size="sm" c="dimmed" mb="sm">Ảnh danh sách ký tên, ảnh lớp học. Ảnh được thu nhỏ trước khi gửi.</Text>
          <EvidencePhotos
            photos={training.photoList.map((p) => ({ id: p.id, url: p.url, label: p.fileName ?? undefined, byteSize: p.byteSize }))}
            addLabel="Thêm ảnh"
            onAdd={training.can.attendance || training.can.edit ? async (files: EvidenceFile[]) => {
              try {
                const ids: string[] = [];
                for (const file of files) ids.push((await uploadEvidence(file, uuidv7())).id);
                updated(await addTrainingPhotos(training.id, ids));
                notifySaved(`Đã thêm ${files.length} ảnh.`);
              } catch (error) {
                notifyError(error, 'Chưa thêm được ảnh');
              }
            } : undefined}
            onRemove={training.can.edit ? async (photoId) => {
              try {
                updated(await removeTrainingPhoto(training.id, photoId));
              } catch (error) {
                notifyError(error, 'Chưa xóa được ảnh');
              }
            } : undefined}
            testId="training-photos"
          />
        </Card>
      </Stack>
    </>
  );
}

function AttendanceCard({ training, onSaved }: { training: TrainingView; onSaved: (view: TrainingView) => void }) {
  const online = ONLINE_METHODS.includes(training.method);
  const saved = useMemo(() => new Map(training.members.map((m) => [m.memberId, rowOf(m)])), [training]);
  const [rows, setRows] = useState(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => setRows(saved), [saved]);
  const changed = training.members.filter((m) => !sameRow(rows.get(m.memberId)!, saved.get(m.memberId)!));
  const dirty = changed.length > 0;
  useLeaveGuard(dirty);
  const editable = training.can.attendance;
  const isMobile = useIsMobile();
  const set = (memberId: string, patch: Partial<Row>) => setRows((prev) => new Map(prev).set(memberId, { ...prev.get(memberId)!, ...patch }));
  const present = [...rows.values()].filter((r) => r.status === 'present').length;

  const save = async () => {
    setSaving(true);
    setErrors({});
    const members = changed.filter((m) => rows.get(m.memberId)!.status);
    try {
      const view = await saveAttendance(training.id, {
        entries: members.map((m) => {
          const r = rows.get(m.memberId)!;
          return { memberId: m.memberId, status: r.status!, completed: r.completed, certificateNo: r.completed ? r.certificateNo.trim() || null : null, certificateDate: r.completed ? r.certificateDate : null };
        }),
        photoIds: [],
      });
      onSaved(view);
      notifySaved(`Đã lưu điểm danh ${members.length} thành viên.`);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        const next: Record<string, string> = {};
        for (const f of error.fields) {
          const index = Number(/^entries\.(\d+)/.exec(f.path)?.[1]);
          if (!Number.isNaN(index) && members[index]) next[members[index].memberId] = stripLabel(f.path, f.message);
        }
        setErrors(next);
      }
      notifyError(error, 'Chưa lưu được điểm danh');
    } finally {
      setSaving(false);
    }
  };

  const byVillage = new Map<string, InvitedMember[]>();
  for (const m of training.members) byVillage.set(m.village.name, [...(byVillage.get(m.village.name) ?? []), m]);
  return (
    <Card withBorder padding="md" data-testid="attendance">
      <Group justify="space-between" mb="xs" gap="xs">
        <div>
          <Title order={4}>Điểm danh</Title>
          <Text size="sm" c="dimmed" data-testid="attendance-summary">
            Có mặt {formatNumber(present)}/{formatNumber(training.members.length)} thành viên được mời
            {online ? ` · hoàn thành khóa học ${formatNumber([...rows.values()].filter((r) => r.completed).length)}` : ''}
          </Text>
        </div>
        {editable && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconChecks size={18} />} onClick={() => setRows((prev) => new Map([...prev].map(([k, r]) => [k, { ...r, status: r.status ?? 'present' }])))} data-testid="all-present">
              Chưa điểm danh → có mặt
            </Button>
            <Button onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="save-attendance">
              Lưu điểm danh{dirty ? ` (${changed.length})` : ''}
            </Button>
          </Group>
        )}
      </Group>
      {training.attendanceBlockedReason && <Alert color="gray" icon={<IconAlertTriangle size={18} />} mb="sm">{training.attendanceBlockedReason}</Alert>}
      {training.members.length === 0 ? (
        <Text size="sm" c="dimmed">Các thôn được mời chưa có thành viên Tổ CNSCĐ trong thời gian lớp học.</Text>
      ) : (
        <Table.ScrollContainer minWidth={isMobile ? 0 : online ? 900 : 640}>
          <Table verticalSpacing={6} data-testid="attendance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Thành viên</Table.Th>
                {!isMobile && <Table.Th>Điểm danh</Table.Th>}
                {online && !isMobile && <Table.Th>Hoàn thành khóa học</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...byVillage.entries()].map(([village, members]) => [
                <Table.Tr key={`v-${village}`} bg="gray.0"><Table.Td colSpan={isMobile ? 1 : online ? 3 : 2}><Text size="sm" fw={700}>{village}</Text></Table.Td></Table.Tr>,
                ...members.map((m) => {
                  const r = rows.get(m.memberId)!;
                  const mark = editable ? (
                    <SegmentedControl
                      size="xs"
                      fullWidth={isMobile}
                      value={r.status ?? ''}
                      onChange={(value) => set(m.memberId, { status: value as AttendanceStatus })}
                      data={[{ value: '', label: '—', disabled: true }, ...(['present', 'absent', 'excused'] as const).map((s) => ({ value: s, label: ATTENDANCE_STATUS_LABELS[s] }))]}
                      aria-label={`Điểm danh ${m.fullName}`}
                    />
                  ) : r.status ? <Badge variant="light" color={r.status === 'present' ? 'teal' : 'gray'}>{ATTENDANCE_STATUS_LABELS[r.status]}</Badge> : <Text size="sm" c="dimmed">Chưa điểm danh</Text>;
                  const completion = !online ? null : editable ? (
                      <Group gap={6} wrap={isMobile ? 'wrap' : 'nowrap'}>
                        <Checkbox checked={r.completed} onChange={(e) => set(m.memberId, { completed: e.currentTarget.checked, status: r.status ?? 'present' })} label={isMobile ? 'Đã hoàn thành khóa học' : undefined} aria-label={`Hoàn thành: ${m.fullName}`} />
                        {r.completed && (
                          <>
                            <TextInput size="xs" w={130} placeholder="Số chứng nhận" value={r.certificateNo} onChange={(e) => set(m.memberId, { certificateNo: e.currentTarget.value })} aria-label={`Số chứng nhận: ${m.fullName}`} />
                            <VnDateInput size="xs" w={130} value={r.certificateDate} onChange={(d) => set(m.memberId, { certificateDate: d ? String(d) : null })} aria-label={`Ngày cấp: ${m.fullName}`} />
                          </>
                        )}
                      </Group>
                    ) : r.completed ? <Text size="sm">Đã hoàn thành{r.certificateNo ? ` · số ${r.certificateNo}` : ''}{r.certificateDate ? ` · ${formatDate(r.certificateDate)}` : ''}</Text> : <Text size="sm" c="dimmed">—</Text>;
                  const who = (
                    <>
                      <Text size="sm" fw={500}>{m.fullName}</Text>
                      <Text size="xs" c="dimmed">{TEAM_ROLE_LABELS[m.teamRole]}{m.attendance ? ` · ghi bởi ${m.attendance.recordedBy}` : ''}</Text>
                      {errors[m.memberId] && <Text size="xs" c="red">{errors[m.memberId]}</Text>}
                    </>
                  );
                  // On a phone one column: the name, then the choice under it.
                  return isMobile ? (
                    <Table.Tr key={m.memberId} data-testid="attendance-row">
                      <Table.Td><Stack gap={6}>{who}{mark}{completion}</Stack></Table.Td>
                    </Table.Tr>
                  ) : (
                    <Table.Tr key={m.memberId} data-testid="attendance-row">
                      <Table.Td>{who}</Table.Td>
                      <Table.Td>{mark}</Table.Td>
                      {online && <Table.Td>{completion}</Table.Td>}
                    </Table.Tr>
                  );
                }),
              ])}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
