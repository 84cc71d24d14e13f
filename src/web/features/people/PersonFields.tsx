// The fields of a person, used alone (add/edit person) and inside the household form for
// its head. Validation reuses the shared schema; the CCCD's confirmable warnings are shown
// by the form that sends it.
import { Alert, Button, Checkbox, Group, Input, List, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { PersonFieldsSchema } from '../../../shared/people.ts';
import { ETHNICITIES, RELATION_LABELS, RELATIONS } from '../../app/labels.ts';
import type { PersonDetail } from '../../app/types.ts';
import { blankToNull, stripLabel, type FieldsForm } from '../../components/forms.ts';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { todayInVietnam, yearInVietnam } from '../../../shared/calendar.ts';

export interface PersonFormValues {
  fullName: string;
  sex: '' | 'male' | 'female';
  yearOnly: boolean;
  birthDate: string | null;
  birthYear: number | string;
  ethnicity: string | null;
  phone: string;
  cccd: string;
  relationToHead: string | null;
  isStudent: boolean;
  isWorker: boolean;
  isTeamMember: boolean;
  isOfficial: boolean;
  note: string;
}

export function emptyPerson(relationToHead: string | null = null): PersonFormValues {
  return {
    fullName: '', sex: '', yearOnly: false, birthDate: null, birthYear: '', ethnicity: null, phone: '', cccd: '', relationToHead,
    isStudent: false, isWorker: false, isTeamMember: false, isOfficial: false, note: '',
  };
}

export function personToForm(p: PersonDetail): PersonFormValues {
  return {
    fullName: p.fullName, sex: p.sex, yearOnly: !p.birthDate, birthDate: p.birthDate, birthYear: p.birthYear, ethnicity: p.ethnicity,
    phone: p.phone ?? '', cccd: '', relationToHead: p.relationToHead, isStudent: p.isStudent, isWorker: p.isWorker,
    isTeamMember: p.isTeamMember, isOfficial: p.isOfficial, note: p.note ?? '',
  };
}

/** The API's person fields from the form (CCCD left empty on edit = unchanged). */
export function personPayload(v: PersonFormValues, { keepEmptyCccd = false } = {}) {
  const payload: Record<string, unknown> = {
    fullName: v.fullName.trim(),
    sex: v.sex || undefined,
    birthDate: v.yearOnly ? null : v.birthDate,
    birthYear: v.yearOnly ? (v.birthYear === '' ? null : Number(v.birthYear)) : v.birthDate ? Number(v.birthDate.slice(0, 4)) : null,
    ethnicity: v.ethnicity || null,
    phone: blankToNull(v.phone),
    relationToHead: v.relationToHead ?? undefined,
    isStudent: v.isStudent,
    isWorker: v.isWorker,
    isTeamMember: v.isTeamMember,
    isOfficial: v.isOfficial,
    note: blankToNull(v.note),
  };
  const cccd = v.cccd.replace(/\s/g, '');
  if (cccd || !keepEmptyCccd) payload.cccd = cccd || null;
  return payload;
}

/** Checks with the shared schema; errors keyed by this form's paths (prefix 'head.' inside the household form). */
export function validatePerson(v: PersonFormValues, prefix = '', { needRelation = true } = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  const payload = personPayload(v, { keepEmptyCccd: true });
  const schema = needRelation ? PersonFieldsSchema : PersonFieldsSchema.omit({ relationToHead: true });
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = key === 'birthDate' && v.yearOnly ? 'birthYear' : key;
      errors[prefix + field] ??= stripLabel(field, issue.message);
    }
  }
  if (!v.sex) errors[prefix + 'sex'] = 'Chọn giới tính.';
  if (v.yearOnly && v.birthYear === '') errors[prefix + 'birthYear'] = 'Nhập năm sinh.';
  if (!v.yearOnly && !v.birthDate) errors[prefix + 'birthDate'] = 'Nhập ngày sinh, hoặc chọn “Chỉ biết năm sinh”.';
  if (!v.yearOnly && v.birthDate && v.birthDate > todayInVietnam()) errors[prefix + 'birthDate'] = 'Ngày sinh không được ở tương lai.';
  const cccd = v.cccd.replace(/\s/g, '');
  if (cccd && !/^\d{12}$/.test(cccd)) errors[prefix + 'cccd'] = 'Số CCCD gồm đúng 12 chữ số.';
  if (needRelation && !v.relationToHead) errors[prefix + 'relationToHead'] = 'Chọn quan hệ với chủ hộ.';
  return errors;
}


export function PersonFields({ form, prefix = '', withRelation = true, relationOptions, currentCccdMasked }: { form: FieldsForm; prefix?: string; withRelation?: boolean; relationOptions?: string[]; currentCccdMasked?: string | null }) {
  const p = (name: string) => prefix + name;
  const all = form.getValues() as Record<string, unknown>;
  const values = (prefix ? all[prefix.replace(/\.$/, '')] : all) as PersonFormValues;
  const relations = (relationOptions ?? RELATIONS.filter((r) => r !== 'head')).map((r) => ({ value: r, label: RELATION_LABELS[r as keyof typeof RELATION_LABELS] }));

  return (
    <Stack gap="md">
      <TextInput label="Họ và tên" placeholder="Ví dụ: Nguyễn Thị Hoà" required autoComplete="off" data-autofocus {...form.getInputProps(p('fullName'))} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Input.Wrapper label="Giới tính" required error={form.errors[p('sex')]}>
          <SegmentedControl
            fullWidth
            mt={4}
            data={[{ value: 'male', label: 'Nam' }, { value: 'female', label: 'Nữ' }]}
            value={values.sex}
            onChange={(v) => form.setFieldValue(p('sex'), v)}
            aria-label="Giới tính"
            // The default (a white tab, dark text) reads at any instant; a coloured tab left the
            // chosen white label on the pale track until it slid in (axe color-contrast).
            data-testid="sex-control"
          />
        </Input.Wrapper>
        {withRelation ? (
          <Select label="Quan hệ với chủ hộ" placeholder="Chọn quan hệ" required data={relations} {...form.getInputProps(p('relationToHead'))} />
        ) : (
          <Select label="Dân tộc" placeholder="Chọn dân tộc" data={[...ETHNICITIES]} clearable {...form.getInputProps(p('ethnicity'))} />
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Stack gap={6}>
          {values.yearOnly ? (
            <NumberInput label="Năm sinh" placeholder="Ví dụ: 1978" required min={1900} max={yearInVietnam()} hideControls allowDecimal={false} allowNegative={false} thousandSeparator="" inputMode="numeric" {...form.getInputProps(p('birthYear'))} />
          ) : (
            <VnDateInput label="Ngày sinh" required description="Gõ dạng 12/03/1978 hoặc chọn trên lịch" maxDate={todayInVietnam()} defaultLevel="decade" {...form.getInputProps(p('birthDate'))} />
          )}
          <Switch label="Chỉ biết năm sinh" size="sm" {...form.getInputProps(p('yearOnly'), { type: 'checkbox' })} />
        </Stack>
        {withRelation && <Select label="Dân tộc" placeholder="Chọn dân tộc" data={[...ETHNICITIES]} clearable {...form.getInputProps(p('ethnicity'))} />}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <TextInput
          label="Số CCCD"
          placeholder={currentCccdMasked ? `Giữ nguyên: ${currentCccdMasked}` : '12 chữ số'}
          description={currentCccdMasked ? 'Để trống nếu không đổi số' : 'Không bắt buộc'}
          inputMode="numeric"
          maxLength={14}
          autoComplete="off"
          {...form.getInputProps(p('cccd'))}
        />
        <TextInput label="Số điện thoại" placeholder="Ví dụ: 0912345678" description="Không bắt buộc" inputMode="tel" autoComplete="off" {...form.getInputProps(p('phone'))} />
      </SimpleGrid>
      <Input.Wrapper label="Thuộc nhóm" description="Chọn nếu có; dùng để tính các chỉ tiêu của kế hoạch.">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={10} mt={8}>
          <Checkbox label="Học sinh THCS, THPT" {...form.getInputProps(p('isStudent'), { type: 'checkbox' })} />
          <Checkbox label="Lao động trong doanh nghiệp, HTX" {...form.getInputProps(p('isWorker'), { type: 'checkbox' })} />
          <Checkbox label="Thành viên Tổ CNSCĐ" {...form.getInputProps(p('isTeamMember'), { type: 'checkbox' })} />
          <Checkbox label="Cán bộ, công chức, viên chức" {...form.getInputProps(p('isOfficial'), { type: 'checkbox' })} />
        </SimpleGrid>
      </Input.Wrapper>
      <Textarea label="Ghi chú" autosize minRows={2} maxRows={5} {...form.getInputProps(p('note'))} />
    </Stack>
  );
}

/** The server found CCCD digits that disagree with sex or birth year: the officer decides. */
export function CccdWarnings({ warnings, onConfirm, onCancel, loading }: { warnings: string[]; onConfirm: () => void; onCancel: () => void; loading?: boolean }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} title="Cần xác nhận thông tin CCCD" data-testid="cccd-warnings">
      <List size="sm" spacing={4} mb="xs">
        {warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
      </List>
      <Text size="sm" mb="sm">Kiểm tra lại số CCCD, giới tính và năm sinh. Nếu thông tin đã đúng theo giấy tờ, bấm “Vẫn lưu”.</Text>
      <Group gap="xs">
        <Button color="yellow" onClick={onConfirm} loading={loading}>Vẫn lưu</Button>
        <Button variant="default" onClick={onCancel}>Sửa lại</Button>
      </Group>
    </Alert>
  );
}
