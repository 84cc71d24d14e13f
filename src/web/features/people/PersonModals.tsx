// Dialogs that change a person: add or edit (with CCCD warnings to confirm), move to
// another household, record a move-out or a death. History is kept by the server.
import { Alert, Button, Group, SegmentedControl, Input, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../app/api.ts';

import { RELATION_LABELS, RELATIONS } from '../../app/labels.ts';
import type { HouseholdSummary, PersonDetail, PersonSummary } from '../../app/types.ts';
import { applyServerErrors, blankToNull, notifyError, notifySaved } from '../../components/forms.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { HouseholdPicker } from '../households/HouseholdPicker.tsx';
import { CccdWarnings, emptyPerson, PersonFields, personPayload, personToForm, validatePerson, type PersonFormValues } from './PersonFields.tsx';
import { todayInVietnam } from '../../../shared/calendar.ts';

function useRegistryRefresh() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of ['households', 'household', 'people', 'person', 'stats']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

const PERSON_FIELD_NAMES = ['fullName', 'sex', 'birthDate', 'birthYear', 'ethnicity', 'phone', 'cccd', 'relationToHead', 'note'];

/** Add a person to a household, or edit one (`person` given). */
export function PersonFormModal({ opened, onClose, householdId, person, hasHead, onSaved }: { opened: boolean; onClose: () => void; householdId?: string; person?: PersonDetail; hasHead?: boolean; onSaved?: (p: PersonSummary) => void }) {
  const refresh = useRegistryRefresh();
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const editing = Boolean(person);
  // Also set from the field app; only editable once the person exists.
  const [smartphone, setSmartphone] = useState(person?.hasSmartphone == null ? 'unknown' : person.hasSmartphone ? 'yes' : 'no');
  const form = useForm<PersonFormValues>({
    mode: 'controlled',
    initialValues: person ? personToForm(person) : emptyPerson(null),
    validate: (v) => validatePerson(v),
  });
  // The head is changed on the household page; here "Chủ hộ" is offered only to a household without one.
  const relationOptions = person?.relationToHead === 'head' ? ['head'] : RELATIONS.filter((r) => r !== 'head' || (!editing && !hasHead));

  const save = useMutation({
    mutationFn: ({ values, confirmWarnings }: { values: PersonFormValues; confirmWarnings: boolean }) => {
      const body = personPayload(values, { keepEmptyCccd: editing });
      return person
        ? api.patch<PersonSummary>(`/api/people/${person.id}`, { ...body, hasSmartphone: smartphone === 'unknown' ? null : smartphone === 'yes', version: person.version, confirmWarnings })
        : api.post<PersonSummary>('/api/people', { ...body, householdId, confirmWarnings });
    },
    onSuccess: (saved) => {
      refresh();
      notifySaved(editing ? `Đã lưu thông tin của ${saved.fullName}.` : `Đã thêm ${saved.fullName} vào hộ.`);
      setWarnings(null);
      form.reset();
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'needs_confirmation') {
        setWarnings(error.warnings.length ? error.warnings : [error.message]);
        return;
      }
      applyServerErrors(form, error, {}, PERSON_FIELD_NAMES);
      notifyError(error);
    },
  });
  const submit = (confirmWarnings: boolean) => form.onSubmit((values) => save.mutate({ values, confirmWarnings }));

  return (
    <ResponsiveModal opened={opened} onClose={onClose} title={<Text fw={650} fz="lg">{editing ? `Sửa thông tin: ${person!.fullName}` : 'Thêm nhân khẩu vào hộ'}</Text>}>
      <form noValidate onSubmit={submit(false)}>
        <Stack gap="md">
          <PersonFields form={form} relationOptions={relationOptions} currentCccdMasked={person?.cccdMasked} />
          {editing && (
            <Input.Wrapper label="Điện thoại thông minh">
              <SegmentedControl
                fullWidth
                mt={4}
                value={smartphone}
                onChange={setSmartphone}
                data={[{ value: 'unknown', label: 'Chưa rõ' }, { value: 'yes', label: 'Có' }, { value: 'no', label: 'Không có' }]}
              />
            </Input.Wrapper>
          )}
          {person?.relationToHead === 'head' && (
            <Text size="xs" c="dimmed">Muốn đổi chủ hộ? Dùng “Sửa thông tin hộ” trong trang của hộ.</Text>
          )}
          {warnings && <CccdWarnings warnings={warnings} loading={save.isPending} onConfirm={() => submit(true)()} onCancel={() => setWarnings(null)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={save.isPending && !warnings}>{editing ? 'Lưu thay đổi' : 'Thêm nhân khẩu'}</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

/** Move a resident to another household (marriage, splitting a household…). */
export function MovePersonModal({ opened, onClose, person }: { opened: boolean; onClose: () => void; person: Pick<PersonSummary, 'id' | 'fullName' | 'householdId' | 'relationToHead'> }) {
  const refresh = useRegistryRefresh();
  const form = useForm<{ household: HouseholdSummary | null; date: string | null; relationToHead: string | null; note: string }>({
    mode: 'controlled',
    initialValues: { household: null, date: todayInVietnam(), relationToHead: null, note: '' },
    validate: {
      household: (v) => (v ? null : 'Chọn hộ chuyển đến.'),
      date: (v) => (!v ? 'Nhập ngày chuyển.' : v > todayInVietnam() ? 'Ngày không được ở tương lai.' : null),
      relationToHead: (v) => (v ? null : 'Chọn quan hệ với chủ hộ mới.'),
    },
  });
  const move = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<PersonSummary>(`/api/people/${person.id}/move`, { householdId: v.household!.id, date: v.date, relationToHead: v.relationToHead, note: blankToNull(v.note) }),
    onSuccess: (moved) => {
      refresh();
      notifySaved(`Đã chuyển ${moved.fullName} sang hộ mới.`);
      form.reset();
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error, { householdId: 'household' });
      notifyError(error, 'Chưa chuyển được');
    },
  });
  const target = form.values.household;
  const relations = RELATIONS.filter((r) => r !== 'head' || (target && !target.headPersonId)).map((r) => ({ value: r, label: RELATION_LABELS[r] }));

  return (
    <ResponsiveModal opened={opened} onClose={onClose} title={<Text fw={650} fz="lg">Chuyển {person.fullName} sang hộ khác</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => move.mutate(v))}>
        <Stack gap="md">
          <Alert variant="light" color="brand" icon={<IconInfoCircle />}>
            Lịch sử cư trú ở hộ cũ được giữ lại. Dùng chức năng này khi người dân chuyển sang một hộ khác trong xã; nếu chuyển hẳn ra khỏi địa bàn, hãy dùng “Ghi nhận chuyển đi”.
          </Alert>
          <HouseholdPicker
            label="Hộ chuyển đến"
            required
            value={form.values.household}
            onChange={(h) => {
              form.setFieldValue('household', h);
              if (form.values.relationToHead === 'head' && h?.headPersonId) form.setFieldValue('relationToHead', null);
            }}
            excludeId={person.householdId}
            error={form.errors.household}
          />
          <Group grow align="flex-start" wrap="wrap" gap="md">
            <VnDateInput label="Ngày chuyển" required maxDate={new Date()} miw={200} {...form.getInputProps('date')} />
            <Select label="Quan hệ với chủ hộ mới" placeholder="Chọn quan hệ" required data={relations} miw={200} {...form.getInputProps('relationToHead')} />
          </Group>
          <Textarea label="Ghi chú" placeholder="Ví dụ: kết hôn, tách hộ" autosize minRows={2} {...form.getInputProps('note')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={move.isPending}>Chuyển hộ</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

/** Moved out of the area, or died: residence ends on that date; nothing is deleted. */
export function EndResidenceModal({ opened, onClose, person, initialReason = 'moved_out' }: { opened: boolean; onClose: () => void; person: Pick<PersonSummary, 'id' | 'fullName'>; initialReason?: 'moved_out' | 'deceased' }) {
  const refresh = useRegistryRefresh();
  const form = useForm<{ reason: 'moved_out' | 'deceased'; date: string | null; note: string }>({
    mode: 'controlled',
    initialValues: { reason: initialReason, date: todayInVietnam(), note: '' },
    validate: { date: (v) => (!v ? 'Nhập ngày.' : v > todayInVietnam() ? 'Ngày không được ở tương lai.' : null) },
  });
  const end = useMutation({
    mutationFn: (v: typeof form.values) => api.post<PersonSummary>(`/api/people/${person.id}/end-residence`, { reason: v.reason, date: v.date, note: blankToNull(v.note) }),
    onSuccess: (p, v) => {
      refresh();
      notifySaved(v.reason === 'deceased' ? `Đã ghi nhận ${p.fullName} qua đời.` : `Đã ghi nhận ${p.fullName} chuyển đi.`);
      form.reset();
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error, 'Chưa ghi nhận được');
    },
  });
  const deceased = form.values.reason === 'deceased';
  return (
    <ResponsiveModal opened={opened} onClose={onClose} size="md" title={<Text fw={650} fz="lg">Ghi nhận thay đổi cư trú</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => end.mutate(v))}>
        <Stack gap="md">
          <Text size="sm">Nhân khẩu: <b>{person.fullName}</b></Text>
          <Input.Wrapper label="Lý do" required error={form.errors.reason}>
            <SegmentedControl
              fullWidth
              mt={4}
              data={[{ value: 'moved_out', label: 'Chuyển đi nơi khác' }, { value: 'deceased', label: 'Qua đời' }]}
              value={form.values.reason}
              onChange={(v) => form.setFieldValue('reason', v as 'moved_out' | 'deceased')}
              aria-label='Lý do'
            />
          </Input.Wrapper>
          <VnDateInput label={deceased ? 'Ngày mất' : 'Ngày chuyển đi'} required maxDate={new Date()} {...form.getInputProps('date')} />
          <Textarea label="Ghi chú" placeholder={deceased ? 'Ví dụ: số giấy chứng tử' : 'Ví dụ: chuyển đến xã, tỉnh nào'} autosize minRows={2} {...form.getInputProps('note')} />
          <Text size="xs" c="dimmed">Người này sẽ không còn được tính trong số liệu từ ngày trên; thông tin và lịch sử cư trú vẫn được lưu.</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" color={deceased ? 'dark' : 'orange'} loading={end.isPending}>{deceased ? 'Ghi nhận qua đời' : 'Ghi nhận chuyển đi'}</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}
