// Plan a training (/tap-huan/moi) or change one (/tap-huan/:id/sua): title, the plan's topics,
// method and platform, lồng ghép, organiser, trainer, place, day and hours, the villages
// invited, cost, notes — and, when changing, its state (held, cancelled). The rules across
// fields are the server's own (trainingIssues), shown beside the fields before sending.
import { Button, Card, Checkbox, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { todayInVietnam } from '../../../shared/calendar.ts';
import {
  BDHVS_PLATFORM,
  ONLINE_METHODS,
  TRAINING_METHODS,
  TRAINING_METHOD_LABELS,
  TRAINING_STATUS_LABELS,
  TRAINING_TOPICS,
  TRAINING_TOPIC_LABELS,
  trainingIssues,
  type TrainingMethod,
  type TrainingStatus,
  type TrainingTopic,
  type TrainingView,
} from '../../../shared/trainings.ts';
import { useSession } from '../../app/session.tsx';
import { applyServerErrors, blankToNull, notifyError, notifySaved } from '../../components/forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { vnDay, vnTime } from './TrainingBits.tsx';
import { changeTraining, createTraining, useTraining, useTrainingUpdated } from './trainings.api.ts';

interface Values {
  orgUnitId: number | null;
  title: string;
  topics: TrainingTopic[];
  method: TrainingMethod;
  platformChoice: 'bdhvs' | 'other';
  platformName: string;
  integrated: boolean;
  integratedWith: string;
  organiser: string;
  trainer: string;
  place: string;
  startDay: string | null;
  startTime: string;
  endDay: string | null;
  endTime: string;
  villageIds: number[];
  costVnd: number | string;
  notes: string;
  status: TrainingStatus;
}

const at = (day: string | null, time: string) => (day && /^\d{2}:\d{2}$/.test(time) ? `${day}T${time}:00+07:00` : '');

function initialValues(training: TrainingView | undefined, communeId: number | null): Values {
  if (!training) {
    return {
      orgUnitId: communeId, title: '', topics: [], method: 'in_person', platformChoice: 'bdhvs', platformName: '', integrated: false, integratedWith: '',
      organiser: 'Phòng Văn hóa - Xã hội', trainer: '', place: '', startDay: null, startTime: '08:00', endDay: null, endTime: '11:00',
      villageIds: [], costVnd: '', notes: '', status: 'planned',
    };
  }
  return {
    orgUnitId: training.orgUnit.id, title: training.title, topics: training.topics, method: training.method,
    platformChoice: !training.platform || training.platform === BDHVS_PLATFORM ? 'bdhvs' : 'other',
    platformName: training.platform && training.platform !== BDHVS_PLATFORM ? training.platform : '',
    integrated: Boolean(training.integratedWith), integratedWith: training.integratedWith ?? '', organiser: training.organiser ?? '', trainer: training.trainer ?? '',
    place: training.place ?? '', startDay: vnDay(training.startsAt), startTime: vnTime(training.startsAt), endDay: vnDay(training.endsAt), endTime: vnTime(training.endsAt),
    villageIds: training.villages.map((v) => v.id), costVnd: training.costVnd ?? '', notes: training.notes, status: training.status,
  };
}

export function TrainingFormPage() {
  const { id } = useParams();
  const training = useTraining(id);
  if (id && !training.data) return training.error ? <DetailError error={training.error} notFoundTitle="Không tìm thấy lớp tập huấn" /> : <LoadingBlock />;
  return <TrainingForm key={training.data?.id ?? 'new'} training={training.data} />;
}

function TrainingForm({ training }: { training?: TrainingView }) {
  const session = useSession();
  const navigate = useNavigate();
  const updated = useTrainingUpdated();
  const { tree } = useOrgUnits();
  const communeId = session.me.orgUnit.level === 'commune' ? session.me.orgUnit.id : null;
  const [newId] = useState(() => uuidv7());
  const [saving, setSaving] = useState(false);
  const form = useForm<Values>({
    initialValues: initialValues(training, communeId),
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (!v.orgUnitId) errors.orgUnitId = 'Chọn xã.';
      if (!v.title.trim()) errors.title = 'Nhập tên lớp tập huấn.';
      if (!v.topics.length) errors.topics = 'Chọn ít nhất một nội dung tập huấn.';
      if (!v.startDay) errors.startDay = 'Chọn ngày bắt đầu.';
      if (!/^\d{2}:\d{2}$/.test(v.startTime)) errors.startTime = 'Nhập giờ bắt đầu (vd. 08:00).';
      if (!/^\d{2}:\d{2}$/.test(v.endTime)) errors.endTime = 'Nhập giờ kết thúc.';
      if (!v.villageIds.length) errors.villageIds = 'Chọn ít nhất một thôn được mời.';
      if (v.integrated && !v.integratedWith.trim()) errors.integratedWith = 'Ghi tên chương trình được lồng ghép.';
      const payload = toPayload(v);
      for (const issue of trainingIssues({ method: payload.method, platform: payload.platform, startsAt: payload.startsAt, endsAt: payload.endsAt })) {
        if (issue.path === 'endsAt' && payload.startsAt && payload.endsAt) errors.endTime = issue.message;
        if (issue.path === 'platform') errors[v.platformChoice === 'other' ? 'platformName' : 'platformChoice'] = issue.message;
      }
      return errors;
    },
  });
  const v = form.values;
  const villages = useMemo(() => (v.orgUnitId ? tree.children(v.orgUnitId).filter((u) => u.level === 'village' && u.active !== false) : []), [tree, v.orgUnitId]);
  const online = ONLINE_METHODS.includes(v.method);

  function toPayload(values: Values) {
    const isOnline = ONLINE_METHODS.includes(values.method);
    return {
      title: values.title.trim(),
      topics: values.topics,
      method: values.method,
      platform: isOnline ? (values.platformChoice === 'bdhvs' ? BDHVS_PLATFORM : blankToNull(values.platformName)) : null,
      integratedWith: values.integrated ? blankToNull(values.integratedWith) : null,
      organiser: blankToNull(values.organiser),
      trainer: blankToNull(values.trainer),
      place: blankToNull(values.place),
      startsAt: at(values.startDay, values.startTime),
      endsAt: at(values.endDay ?? values.startDay, values.endTime),
      villageIds: values.villageIds,
      costVnd: values.costVnd === '' ? null : Number(values.costVnd),
      notes: values.notes.trim(),
    };
  }

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      const payload = toPayload(values);
      const view = training
        ? await changeTraining(training.id, { ...payload, version: training.version, status: values.status })
        : await createTraining({ ...payload, id: newId, orgUnitId: values.orgUnitId!, photoIds: [] });
      updated(view);
      notifySaved(training ? 'Đã lưu thay đổi lớp tập huấn.' : 'Đã lập kế hoạch lớp tập huấn.');
      navigate(`/tap-huan/${view.id}`);
    } catch (error) {
      if (!applyServerErrors(form, error, { startsAt: 'startDay', endsAt: 'endTime', platform: online && v.platformChoice === 'other' ? 'platformName' : 'platformChoice' })) notifyError(error);
    } finally {
      setSaving(false);
    }
  });

  const allChecked = villages.length > 0 && villages.every((u) => v.villageIds.includes(u.id));
  return (
    <>
      <PageHeader
        title={training ? 'Sửa lớp tập huấn' : 'Lập kế hoạch tập huấn'}
        crumbs={[{ label: 'Tập huấn', to: '/tap-huan' }, ...(training ? [{ label: training.title, to: `/tap-huan/${training.id}` }] : []), { label: training ? 'Sửa' : 'Lập kế hoạch' }]}
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={960}>
          <Card withBorder padding="md">
            <Stack gap="sm">
              {!communeId && !training && (
                <OrgUnitPicker label="Xã" required levels={['commune']} value={v.orgUnitId} onChange={(unit) => form.setFieldValue('orgUnitId', unit)} error={form.errors.orgUnitId} />
              )}
              <TextInput label="Tên lớp tập huấn" required placeholder="Vd. Tập huấn kỹ năng số cho Tổ Công nghệ số cộng đồng" {...form.getInputProps('title')} />
              <Checkbox.Group label="Nội dung tập huấn" withAsterisk description="Theo mục II.2.1 của Kế hoạch" {...form.getInputProps('topics')}>
                <Stack gap={6} mt={6}>
                  {TRAINING_TOPICS.map((t) => <Checkbox key={t} value={t} label={TRAINING_TOPIC_LABELS[t]} />)}
                </Stack>
              </Checkbox.Group>
              <Stack gap={4}>
                <Text size="sm" fw={500}>Hình thức</Text>
                <SegmentedControl
                  data={TRAINING_METHODS.map((m) => ({ value: m, label: TRAINING_METHOD_LABELS[m] }))}
                  {...form.getInputProps('method')}
                  fullWidth
                  data-testid="training-method"
                />
              </Stack>
              {online && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="Nền tảng trực tuyến"
                    data={[{ value: 'bdhvs', label: 'Bình dân học vụ số' }, { value: 'other', label: 'Nền tảng khác' }]}
                    allowDeselect={false}
                    {...form.getInputProps('platformChoice')}
                  />
                  {v.platformChoice === 'other' && <TextInput label="Tên nền tảng" placeholder="Vd. OneTouch" {...form.getInputProps('platformName')} />}
                </SimpleGrid>
              )}
              <Checkbox label="Lồng ghép với chương trình, hội nghị khác của xã" {...form.getInputProps('integrated', { type: 'checkbox' })} />
              {v.integrated && <TextInput label="Lồng ghép với" placeholder="Vd. Hội nghị triển khai nhiệm vụ năm" {...form.getInputProps('integratedWith')} />}
            </Stack>
          </Card>
          <Card withBorder padding="md">
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label="Đơn vị tổ chức" {...form.getInputProps('organiser')} />
                <TextInput label="Người hướng dẫn" {...form.getInputProps('trainer')} />
                <TextInput label="Địa điểm" placeholder="Vd. Hội trường UBND xã" {...form.getInputProps('place')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <VnDateInput label="Ngày bắt đầu" required {...form.getInputProps('startDay')} data-testid="start-day" />
                <TimeInput label="Giờ bắt đầu" required {...form.getInputProps('startTime')} data-testid="start-time" />
                <VnDateInput label="Ngày kết thúc" description={online ? 'Khóa trực tuyến kéo dài nhiều ngày' : 'Để trống: cùng ngày'} clearable {...form.getInputProps('endDay')} minDate={v.startDay ?? undefined} data-testid="end-day" />
                <TimeInput label="Giờ kết thúc" required {...form.getInputProps('endTime')} data-testid="end-time" />
              </SimpleGrid>
              <Checkbox.Group
                label="Thôn được mời"
                withAsterisk
                description="Mời thôn nào thì mọi thành viên Tổ CNSCĐ của thôn đó trong thời gian lớp học có tên trong danh sách"
                {...form.getInputProps('villageIds')}
                value={v.villageIds.map(String)}
                onChange={(ids) => form.setFieldValue('villageIds', ids.map(Number))}
              >
                <Checkbox
                  mt={8}
                  label="Tất cả các thôn"
                  checked={allChecked}
                  indeterminate={!allChecked && v.villageIds.length > 0}
                  onChange={() => form.setFieldValue('villageIds', allChecked ? [] : villages.map((u) => u.id))}
                  data-testid="all-villages"
                />
                <SimpleGrid cols={{ base: 2, sm: 4 }} mt={8} spacing={6}>
                  {villages.map((u) => <Checkbox key={u.id} value={String(u.id)} label={u.name} />)}
                </SimpleGrid>
              </Checkbox.Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <NumberInput label="Kinh phí (đồng)" min={0} thousandSeparator="." decimalSeparator="," allowDecimal={false} {...form.getInputProps('costVnd')} />
                {training && (
                  <Select
                    label="Trạng thái"
                    data={Object.entries(TRAINING_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
                    allowDeselect={false}
                    {...form.getInputProps('status')}
                  />
                )}
              </SimpleGrid>
              <Textarea label="Ghi chú" autosize minRows={2} {...form.getInputProps('notes')} />
            </Stack>
          </Card>
          <Group>
            <Button type="submit" loading={saving} data-testid="save-training">{training ? 'Lưu thay đổi' : 'Lập kế hoạch'}</Button>
            <Button variant="default" onClick={() => navigate(training ? `/tap-huan/${training.id}` : '/tap-huan')}>Hủy</Button>
            {!training && v.startDay && v.startDay < todayInVietnam() && <Text size="sm" c="dimmed">Lớp đã diễn ra: lập xong có thể điểm danh ngay.</Text>}
          </Group>
        </Stack>
      </form>
    </>
  );
}
