// Attendance of one training on the team leader's phone (/thuc-dia/tap-huan/:id): each
// member of the village's team present, absent or excused (an online course: completed, with
// the certificate), and photos of the signed sheet — saved on the phone at once, sent when the
// network is there (the photos first), refused with the server's reason if it must be.
import { Alert, Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChecks, IconCloudUpload } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { TEAM_ROLE_LABELS } from '../../shared/teams.ts';
import { ATTENDANCE_STATUS_LABELS, ONLINE_METHODS, type AttendanceStatus } from '../../shared/trainings.ts';
import { EvidencePhotos } from '../components/EvidencePhotos.tsx';
import type { EvidenceFile } from '../components/image-reduce.ts';
import { VnDateInput } from '../components/VnDateInput.tsx';
import { methodText, whenText } from '../features/trainings/TrainingBits.tsx';
import { useFieldSession } from './field-context.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { recordAttendanceOffline, useFieldTrainings, useTrainingOutbox } from './field-trainings.ts';
import { discardRefused } from './field-writes.ts';
import { photoBlob } from './field-outbox.ts';

interface Row {
  status: AttendanceStatus | null;
  completed: boolean;
  certificateNo: string;
  certificateDate: string | null;
}

export default function FieldTrainingPage() {
  useDocumentTitle('Điểm danh tập huấn · Tổ CNSCĐ');
  const { id } = useParams();
  const navigate = useNavigate();
  const session = useFieldSession();
  const trainings = useFieldTrainings();
  const outbox = useTrainingOutbox(id);
  const training = trainings?.find((t) => t.id === id);
  const initial = useMemo(() => new Map((training?.members ?? []).map((m) => [m.memberId, {
    status: m.attendance?.status ?? null, completed: m.attendance?.completed ?? false,
    certificateNo: m.attendance?.certificateNo ?? '', certificateDate: m.attendance?.certificateDate ?? null,
  } as Row])), [training]);
  const [rows, setRows] = useState(initial);
  const [photos, setPhotos] = useState<Array<{ file: EvidenceFile; url: string }>>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => setRows(initial), [initial]);
  const queuedPhotoUrls = useMemo(() => (outbox?.photos ?? []).map((p) => ({ id: p.id, url: URL.createObjectURL(photoBlob(p)) })), [outbox]);
  useEffect(() => () => queuedPhotoUrls.forEach((p) => URL.revokeObjectURL(p.url)), [queuedPhotoUrls]);
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), [photos]);
  if (!trainings || !outbox) return null;
  if (!training) {
    return (
      <Card padding="md"><Text size="sm" c="dimmed">Lớp tập huấn này không còn trên máy (quá 60 ngày, hoặc đã bị hủy). Đồng bộ để cập nhật.</Text></Card>
    );
  }
  const online = ONLINE_METHODS.includes(training.method);
  const started = Date.parse(training.startsAt) <= Date.now();
  const changed = training.members.filter((m) => {
    const r = rows.get(m.memberId)!;
    const a = initial.get(m.memberId)!;
    return r.status && (r.status !== a.status || r.completed !== a.completed || r.certificateNo !== a.certificateNo || r.certificateDate !== a.certificateDate);
  });
  const set = (memberId: string, patch: Partial<Row>) => setRows((prev) => new Map(prev).set(memberId, { ...prev.get(memberId)!, ...patch }));
  const present = [...rows.values()].filter((r) => r.status === 'present').length;
  const refused = outbox.rows.filter((r) => r.state === 'refused');
  const waiting = outbox.rows.filter((r) => r.state !== 'refused');

  const save = async () => {
    setSaving(true);
    try {
      await recordAttendanceOffline({
        trainingId: training.id,
        entries: changed.map((m) => {
          const r = rows.get(m.memberId)!;
          return { memberId: m.memberId, status: r.status!, completed: r.completed, certificateNo: r.completed ? r.certificateNo.trim() || null : null, certificateDate: r.completed ? r.certificateDate : null };
        }),
      }, photos.map((p) => p.file), session.account.fullName);
      setPhotos([]);
      notifications.show({ color: 'teal', message: navigator.onLine ? 'Đã lưu điểm danh, đang gửi.' : 'Đã lưu điểm danh trên máy; sẽ gửi khi có mạng.' });
      navigate('/thuc-dia/tap-huan');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm" pb={80}>
      <FieldTitle title={training.title} subtitle={`${whenText(training.startsAt, training.endsAt)}${training.place ? ` · ${training.place}` : ''} · ${methodText(training.method, training.platform)}`} />
      {!started && <Alert color="blue">Lớp chưa bắt đầu: điểm danh từ {whenText(training.startsAt, training.startsAt).split(',')[0]}.</Alert>}
      {refused.map((row) => (
        <Alert key={row.id} color="red" icon={<IconAlertTriangle size={18} />} title="Điểm danh bị từ chối" data-testid="attendance-refused">
          <Text size="sm">{row.error}</Text>
          <Button mt="xs" size="xs" variant="white" color="red" onClick={() => void discardRefused(row.id)}>Bỏ lần điểm danh này</Button>
        </Alert>
      ))}
      {waiting.length > 0 && (
        <Alert color="orange" icon={<IconCloudUpload size={18} />} data-testid="attendance-pending">
          {waiting.length} lần điểm danh{outbox.photos.length ? ` và ${outbox.photos.length} ảnh` : ''} đang chờ gửi lên máy chủ.
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="sm" data-testid="field-attendance-summary">Có mặt {present}/{training.members.length}</Text>
        {started && (
          <Button size="sm" variant="default" leftSection={<IconChecks size={18} />} onClick={() => setRows((prev) => new Map([...prev].map(([k, r]) => [k, { ...r, status: r.status ?? 'present' }])))}>
            Còn lại có mặt
          </Button>
        )}
      </Group>
      {training.members.map((m) => {
        const r = rows.get(m.memberId)!;
        return (
          <Card key={m.memberId} padding="sm" data-testid="field-attendance-member">
            <Text fw={600}>{m.fullName}</Text>
            <Text size="xs" c="dimmed" mb={6}>{TEAM_ROLE_LABELS[m.teamRole]}</Text>
            <SegmentedControl
              fullWidth
              disabled={!started}
              value={r.status ?? ''}
              onChange={(v) => set(m.memberId, { status: v as AttendanceStatus })}
              data={(['present', 'absent', 'excused'] as const).map((s) => ({ value: s, label: s === 'excused' ? 'Có phép' : ATTENDANCE_STATUS_LABELS[s] }))}
              aria-label={`Điểm danh ${m.fullName}`}
            />
            {online && started && (
              <Stack gap={6} mt={8}>
                <Checkbox label="Đã hoàn thành khóa học" checked={r.completed} onChange={(e) => set(m.memberId, { completed: e.currentTarget.checked, status: r.status ?? 'present' })} />
                {r.completed && (
                  <Group grow gap="xs" wrap="wrap">
                    <TextInput size="sm" miw={150} placeholder="Số chứng nhận" value={r.certificateNo} onChange={(e) => set(m.memberId, { certificateNo: e.currentTarget.value })} aria-label={`Số chứng nhận: ${m.fullName}`} />
                    <VnDateInput size="sm" miw={130} value={r.certificateDate} onChange={(d) => set(m.memberId, { certificateDate: d ? String(d) : null })} aria-label={`Ngày cấp: ${m.fullName}`} />
                  </Group>
                )}
              </Stack>
            )}
          </Card>
        );
      })}
      <Card padding="sm">
        <Text fw={600} mb={4}>Ảnh danh sách ký tên</Text>
        <Text size="xs" c="dimmed" mb="xs">{training.photos > 0 ? `Máy chủ đã có ${training.photos} ảnh. ` : ''}Ảnh được thu nhỏ và gửi cùng điểm danh.</Text>
        <EvidencePhotos
          photos={[
            ...queuedPhotoUrls.map((p) => ({ id: p.id, url: p.url, pending: true })),
            ...photos.map((p, i) => ({ id: `new-${i}`, url: p.url, byteSize: p.file.blob.size })),
          ]}
          onAdd={started ? (files) => setPhotos((prev) => [...prev, ...files.map((file) => ({ file, url: URL.createObjectURL(file.blob) }))]) : undefined}
          onRemove={(photoId) => setPhotos((prev) => prev.filter((_, i) => `new-${i}` !== photoId))}
          addLabel="Chụp / chọn ảnh"
          emptyText="Chưa có ảnh trên máy."
          testId="field-training-photos"
        />
      </Card>
      {started && (
        <Button size="md" onClick={() => void save()} loading={saving} disabled={changed.length === 0 && photos.length === 0} data-testid="save-field-attendance">
          Lưu điểm danh{changed.length ? ` (${changed.length})` : ''}{photos.length ? ` và ${photos.length} ảnh` : ''}
        </Button>
      )}
    </Stack>
  );
}
