// The household's own fields (village, number, address, phone, "no capable member"), shared
// by the create page and the edit dialog.
import { SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { HouseholdFieldsSchema } from '../../../shared/households.ts';
import type { HouseholdDetail } from '../../app/types.ts';
import { blankToNull, stripLabel, type FieldsForm } from '../../components/forms.ts';

export interface HouseholdFormValues {
  code: string;
  address: string;
  hamletGroup: string;
  phone: string;
  noCapableMember: boolean;
  note: string;
}

export const emptyHousehold = (): HouseholdFormValues => ({ code: '', address: '', hamletGroup: '', phone: '', noCapableMember: false, note: '' });

export const householdToForm = (h: HouseholdDetail): HouseholdFormValues => ({
  code: h.code ?? '', address: h.address ?? '', hamletGroup: h.hamletGroup ?? '', phone: h.phone ?? '', noCapableMember: h.noCapableMember, note: h.note ?? '',
});

export function householdPayload(v: HouseholdFormValues) {
  return {
    code: blankToNull(v.code),
    address: v.address.trim(),
    hamletGroup: blankToNull(v.hamletGroup),
    phone: blankToNull(v.phone),
    noCapableMember: v.noCapableMember,
    note: blankToNull(v.note),
  };
}

export function validateHousehold(v: HouseholdFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = HouseholdFieldsSchema.safeParse(householdPayload(v));
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= stripLabel(String(issue.path[0]), issue.message);
  if (!v.address.trim()) errors.address = 'Nhập địa chỉ của hộ.';
  return errors;
}

export function HouseholdFields({ form }: { form: FieldsForm }) {
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <TextInput label="Số hộ" placeholder="Số trong sổ của thôn, nếu có" {...form.getInputProps('code')} />
        <TextInput label="Số điện thoại của hộ" placeholder="Ví dụ: 0912345678" inputMode="tel" {...form.getInputProps('phone')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <TextInput label="Địa chỉ" placeholder="Ví dụ: Nhà số 12, đường liên thôn" required {...form.getInputProps('address')} />
        <TextInput label="Xóm, tổ" placeholder="Ví dụ: Xóm Trên" {...form.getInputProps('hamletGroup')} />
      </SimpleGrid>
      <Switch
        label="Không có thành viên nào sử dụng được kỹ năng số"
        description="Hộ này cần một thành viên Tổ CNSCĐ phụ trách hỗ trợ."
        {...form.getInputProps('noCapableMember', { type: 'checkbox' })}
      />
      <Textarea label="Ghi chú" autosize minRows={2} maxRows={5} {...form.getInputProps('note')} />
    </Stack>
  );
}
