// Add a household together with its head (a household never exists without one).
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import type { HouseholdSummary } from '../../app/types.ts';
import { applyServerErrors, notifyError, notifySaved } from '../../components/forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { CccdWarnings, emptyPerson, PersonFields, personPayload, validatePerson, type PersonFormValues } from '../people/PersonFields.tsx';
import { emptyHousehold, HouseholdFields, householdPayload, validateHousehold, type HouseholdFormValues } from './HouseholdFields.tsx';

interface Values extends HouseholdFormValues {
  villageId: number | null;
  head: PersonFormValues;
}

export function HouseholdCreatePage() {
  const { me, isVillageScoped } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const presetVillage = isVillageScoped ? me.orgUnit.id : params.get('thon') ? Number(params.get('thon')) : null;

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { ...emptyHousehold(), villageId: presetVillage, head: emptyPerson(null) },
    validate: (v) => {
      const errors: Record<string, string> = { ...validateHousehold(v), ...validatePerson(v.head, 'head.', { needRelation: false }) };
      if (!v.villageId) errors.villageId = 'Chọn thôn.';
      return errors;
    },
  });

  const create = useMutation({
    mutationFn: ({ values, confirmWarnings }: { values: Values; confirmWarnings: boolean }) => {
      const { relationToHead: _r, ...head } = personPayload(values.head);
      return api.post<HouseholdSummary>('/api/households', {
        villageId: values.villageId,
        ...householdPayload(values),
        head: { ...head, confirmWarnings },
      });
    },
    onSuccess: (household) => {
      void queryClient.invalidateQueries({ queryKey: ['households'] });
      void queryClient.invalidateQueries({ queryKey: ['stats'] });
      notifySaved(`Đã thêm hộ của ${household.headName ?? 'chủ hộ'}.`);
      navigate(`/ho-gia-dinh/${household.id}`, { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'needs_confirmation') {
        setWarnings(error.warnings.length ? error.warnings : [error.message]);
        return;
      }
      applyServerErrors(form, error, { cccd: 'head.cccd', birthYear: 'head.birthYear', birthDate: 'head.birthDate', fullName: 'head.fullName', sex: 'head.sex' });
      notifyError(error, 'Chưa thêm được hộ');
    },
  });

  const submit = (confirmWarnings: boolean) =>
    form.onSubmit((values) => {
      setWarnings(null);
      create.mutate({ values, confirmWarnings });
    });

  return (
    <>
      <PageHeader title="Thêm hộ gia đình" crumbs={[{ label: 'Hộ gia đình', to: '/ho-gia-dinh' }, { label: 'Thêm hộ' }]} description="Nhập thông tin hộ và chủ hộ. Các thành viên khác thêm sau, trong trang của hộ." />
      <form noValidate onSubmit={submit(false)}>
        <Stack gap="md" maw={860}>
          <Card padding="lg">
            <Title order={2} fz="md" mb={4}>Thông tin hộ</Title>
            <Text size="sm" c="dimmed" mb="md">Thôn và địa chỉ nơi hộ đang sinh sống.</Text>
            <Stack gap="md">
              <OrgUnitPicker
                label="Thôn, tổ dân phố"
                levels={['village']}
                required
                placeholder="Chọn thôn"
                value={form.values.villageId}
                onChange={(id) => form.setFieldValue('villageId', id)}
                error={form.errors.villageId}
                disabled={isVillageScoped}
                data-testid="household-village"
              />
              <HouseholdFields form={form} />
            </Stack>
          </Card>
          <Card padding="lg">
            <Title order={2} fz="md" mb={4}>Chủ hộ</Title>
            <Text size="sm" c="dimmed" mb="md">Người đứng tên chủ hộ. Có thể đổi chủ hộ sau.</Text>
            <PersonFields form={form} prefix="head." withRelation={false} />
          </Card>
          {warnings && (
            <CccdWarnings warnings={warnings} loading={create.isPending} onConfirm={() => submit(true)()} onCancel={() => setWarnings(null)} />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => navigate(-1)}>Hủy</Button>
            <Button type="submit" loading={create.isPending && !warnings} leftSection={<IconDeviceFloppy size={18} />}>Lưu hộ gia đình</Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
