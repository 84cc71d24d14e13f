// One household: its details, current members with the actions on each, and the people who
// lived here before (moved or died; history is kept).
import { ActionIcon, Alert, Anchor, Badge, Button, Card, DataList, Group, Menu, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowsExchange, IconDots, IconEdit, IconEye, IconHeartHandshake, IconInfoCircle, IconQrcode, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { formatBirth, formatDate, formatNumber, joinDistinct, unitName } from '../../app/format.ts';
import { reasonLabel, relationLabel, SEX_LABELS } from '../../app/labels.ts';
import { useSession } from '../../app/session.tsx';
import type { HouseholdDetail, PersonSummary } from '../../app/types.ts';
import { applyServerErrors, notifyError, notifySaved } from '../../components/forms.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { CenterLoader, DetailError, Empty } from '../../components/states.tsx';
import { GroupBadges, PersonNameCell } from '../people/GroupBadges.tsx';
import { EndResidenceModal, MovePersonModal, PersonFormModal } from '../people/PersonModals.tsx';
import { DigitalStatusBadges } from '../support/DigitalStatusBadges.tsx';
import { SupportEventModal } from '../support/SupportEventModal.tsx';
import { SupportHistory } from '../support/SupportHistory.tsx';
import { useSupportEvents, useVillageHelpers, type SupportEventView } from '../support/support.api.ts';
import { HouseholdFields, householdPayload, householdToForm, validateHousehold, type HouseholdFormValues } from './HouseholdFields.tsx';
import { NoCapableBadge } from './HouseholdsPage.tsx';

interface FormerMember {
  personId: string;
  fullName: string;
  fromDate: string;
  toDate: string;
  endReason: string | null;
}
type Detail = HouseholdDetail & { formerMembers?: FormerMember[] };

export function useHousehold(id: string | undefined) {
  return useQuery({ queryKey: ['household', id], queryFn: () => api.get<Detail>(`/api/households/${id}`), enabled: Boolean(id) });
}

type Dialog = { kind: 'edit' } | { kind: 'add' } | { kind: 'support'; correcting?: SupportEventView } | { kind: 'move'; person: PersonSummary } | { kind: 'end'; person: PersonSummary; reason: 'moved_out' | 'deceased' } | null;

export function HouseholdDetailPage() {
  const { id } = useParams();
  const { can, me } = useSession();
  const { data: h, error, isPending, refetch } = useHousehold(id);
  const record = can('support.record');
  const support = useSupportEvents(id);
  const helpers = useVillageHelpers(h?.villageId, record && can('teams.read'));
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const write = can('registry.write');
  const isMobile = useIsMobile();

  if (isPending) return <CenterLoader />;
  if (error || !h) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy hộ gia đình" />;

  // The head may have died or moved out while the household still names them.
  const headResident = Boolean(h.headPersonId && h.members.some((m) => m.id === h.headPersonId));
  const formerHead = h.headPersonId && !headResident ? h.formerMembers?.find((m) => m.personId === h.headPersonId) : undefined;
  const title = h.headName ? `Hộ ${h.headName}` : h.code ? `Hộ số ${h.code}` : 'Hộ chưa có chủ hộ';
  // Relation under the name and sex with the birth date in one column: the members' table
  // shares a 1280 px desk with the household's details and must fit it unscrolled, badges whole.
  const columns: Column<PersonSummary>[] = [
    {
      key: 'name',
      header: 'Họ và tên',
      render: (p) => (
        <Stack gap={2} miw={140}>
          <PersonNameCell person={p} />
          {p.relationToHead === 'head' ? <Badge variant="light" size="sm">Chủ hộ</Badge> : <Text size="xs" c="dimmed">{relationLabel(p.relationToHead)}</Text>}
        </Stack>
      ),
    },
    {
      key: 'birth',
      header: 'Giới tính, ngày sinh',
      nowrap: true,
      render: (p) => (
        <div>
          <Text size="sm">{SEX_LABELS[p.sex]}{p.age != null ? <span className="num"> · {p.age} tuổi</span> : null}</Text>
          <Text size="xs" c="dimmed" className="num">{formatBirth(p)}</Text>
        </div>
      ),
    },
    { key: 'cccd', header: 'CCCD', nowrap: true, render: (p) => <Text size="sm" ff="monospace">{p.cccdMasked ?? '—'}</Text> },
    { key: 'digital', header: 'Tiện ích số', render: (p) => <DigitalStatusBadges status={p.digitalStatus} /> },
    ...(write
      ? [{ key: 'actions', header: '', align: 'right' as const, width: 56, render: (p: PersonSummary) => <MemberMenu person={p} onDialog={setDialog} /> }]
      : []),
  ];

  return (
    <>
      <PageHeader
        docTitle="Hộ gia đình"
        title={title}
        badge={h.noCapableMember ? <NoCapableBadge /> : undefined}
        crumbs={[{ label: 'Hộ gia đình', to: '/ho-gia-dinh' }, { label: h.villageName, to: `/ho-gia-dinh?thon=${h.villageId}` }, { label: h.code ? `Hộ số ${h.code}` : 'Hộ' }]}
        description={[h.code ? `Hộ số ${h.code}` : null, joinDistinct([h.address, h.hamletGroup, h.villageName, unitName(h.communeName, 'commune')])].filter(Boolean).join(' · ')}
        actions={
          <>
            <Button variant="default" component={Link} to={`/the-qr?householdIds=${h.id}`} leftSection={<IconQrcode size={18} />} data-testid="print-card">In thẻ QR</Button>
            {record && h.members.length > 0 && (
              <Button variant={write ? 'default' : 'filled'} leftSection={<IconHeartHandshake size={18} />} onClick={() => setDialog({ kind: 'support' })} data-testid="record-support">Ghi nhận hỗ trợ</Button>
            )}
            {write && (
              <>
                <Button variant="default" leftSection={<IconEdit size={18} />} onClick={() => setDialog({ kind: 'edit' })}>Sửa thông tin hộ</Button>
                <Button leftSection={<IconUserPlus size={18} />} onClick={() => setDialog({ kind: 'add' })}>Thêm nhân khẩu</Button>
              </>
            )}
          </>
        }
      />

      {!headResident && (
        <Alert variant="light" color="orange" icon={<IconInfoCircle />} mb="md" data-testid="no-head-alert">
          Hộ đang chưa có chủ hộ
          {formerHead ? ` (${formerHead.fullName} ${formerHead.endReason === 'deceased' ? 'đã qua đời' : formerHead.endReason === 'moved_out' ? 'đã chuyển đi' : 'đã chuyển sang hộ khác'})` : ''}.
          {write && h.members.length > 0 ? ' Chọn chủ hộ mới trong “Sửa thông tin hộ”.' : ''}
        </Alert>
      )}

      {/* The details beside the members while both fit (the members need ≈560 px), above them otherwise. */}
      <Group align="flex-start" gap="md" wrap="wrap">
        <Card padding="lg" style={{ flex: '1 1 300px' }}>
          <Title order={2} fz="md" mb="md">Thông tin hộ</Title>
          <DataList labelWidth={isMobile ? 100 : 110} gap="xs" size="sm">
            <DataList.Item><DataList.ItemLabel>Số hộ</DataList.ItemLabel><DataList.ItemValue>{h.code ?? '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Chủ hộ</DataList.ItemLabel><DataList.ItemValue>{h.headPersonId ? <Anchor component={Link} to={`/nhan-khau/${h.headPersonId}`} size="sm">{h.headName}</Anchor> : '—'}{h.headPersonId && !headResident ? <Text span size="sm" c="orange.8"> (không còn cư trú)</Text> : null}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Địa chỉ</DataList.ItemLabel><DataList.ItemValue>{h.address || '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Xóm, tổ</DataList.ItemLabel><DataList.ItemValue>{h.hamletGroup ?? '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Thôn</DataList.ItemLabel><DataList.ItemValue>{h.villageName}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Điện thoại</DataList.ItemLabel><DataList.ItemValue>{h.phone ? <Anchor href={`tel:${h.phone}`} size="sm">{h.phone}</Anchor> : '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Nhân khẩu</DataList.ItemLabel><DataList.ItemValue className="num">{formatNumber(h.members.length)} người đang cư trú</DataList.ItemValue></DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Kỹ năng số</DataList.ItemLabel>
              <DataList.ItemValue>{h.noCapableMember ? 'Không ai sử dụng được; cần Tổ CNSCĐ phụ trách' : 'Có thành viên sử dụng được'}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item><DataList.ItemLabel>Tổ phụ trách</DataList.ItemLabel><DataList.ItemValue>{h.assignedMemberName ?? (h.noCapableMember ? <Text span size="sm" c="red.8">Chưa phân công</Text> : '—')}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Thông tin CĐS</DataList.ItemLabel><DataList.ItemValue className="num">{h.informedOn ? `Đã thông tin từ ${formatDate(h.informedOn)}` : 'Chưa được thông tin'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Lần hỗ trợ gần nhất</DataList.ItemLabel><DataList.ItemValue className="num">{h.lastVisitOn ? formatDate(h.lastVisitOn) : 'Chưa có'}</DataList.ItemValue></DataList.Item>
            {h.note && <DataList.Item><DataList.ItemLabel>Ghi chú</DataList.ItemLabel><DataList.ItemValue>{h.note}</DataList.ItemValue></DataList.Item>}
          </DataList>
        </Card>

        <Stack gap="md" style={{ flex: '999 1 560px', minWidth: 0 }}>
          <div>
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="md">Thành viên đang cư trú ({formatNumber(h.members.length)})</Title>
            </Group>
            <ListView
              rows={h.members}
              columns={columns}
              rowKey={(p) => p.id}
              rowHref={(p) => `/nhan-khau/${p.id}`}
              testId="member-list"
              minWidth={560}
              empty={<Card><Empty title="Hộ chưa có nhân khẩu đang cư trú" action={write && <Button onClick={() => setDialog({ kind: 'add' })}>Thêm nhân khẩu</Button>} /></Card>}
              card={(p) => (
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text fw={600} c="brand.8">{p.fullName}</Text>
                    {p.relationToHead === 'head' ? <Badge variant="light">Chủ hộ</Badge> : <Text size="sm" c="dimmed">{relationLabel(p.relationToHead)}</Text>}
                  </Group>
                  <Text size="sm" c="dimmed" className="num">
                    {SEX_LABELS[p.sex]} · {formatBirth(p)}{p.age != null ? ` (${p.age} tuổi)` : ''}
                  </Text>
                  {p.cccdMasked && <Text size="sm" c="dimmed">CCCD <Text span ff="monospace" size="sm">{p.cccdMasked}</Text></Text>}
                  <GroupBadges person={p} />
                  <DigitalStatusBadges status={p.digitalStatus} />
                </Stack>
              )}
            />
            {write && isMobile && h.members.length > 0 && (
              <Text size="xs" c="dimmed" mt={6}>Để chuyển hộ, ghi nhận chuyển đi hoặc qua đời: chạm vào tên người đó.</Text>
            )}
          </div>

          {support.data && <SupportHistory events={support.data.items} onCorrect={record ? (event) => setDialog({ kind: 'support', correcting: event }) : undefined} />}

          {h.formerMembers && h.formerMembers.length > 0 && (
            <Card padding="lg">
              <Title order={2} fz="md" mb={4}>Đã từng cư trú trong hộ</Title>
              <Text size="sm" c="dimmed" mb="sm">Người đã chuyển sang hộ khác, chuyển đi hoặc qua đời. Lịch sử được giữ lại.</Text>
              <Stack gap={6} data-testid="former-members">
                {h.formerMembers.map((m) => (
                  <Group key={`${m.personId}-${m.toDate}`} justify="space-between" gap="xs" wrap="wrap">
                    <Anchor component={Link} to={`/nhan-khau/${m.personId}`} size="sm" fw={600}>{m.fullName}</Anchor>
                    <Text size="sm" c="dimmed" className="num">
                      {formatDate(m.fromDate)} – {formatDate(m.toDate)} · {reasonLabel(m.endReason)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Card>
          )}
        </Stack>
      </Group>

      {dialog?.kind === 'edit' && <EditHouseholdModal household={h} onClose={close} />}
      {dialog?.kind === 'support' && (
        <SupportEventModal
          householdId={h.id}
          people={h.members}
          helpers={helpers.data ?? []}
          defaultChannel={me?.role === 'service_center' ? 'service_center' : 'visit'}
          allowServiceCenter={me?.orgUnit.level !== 'village'}
          correcting={dialog.correcting}
          onClose={close}
        />
      )}
      {dialog?.kind === 'add' && <PersonFormModal opened onClose={close} householdId={h.id} hasHead={Boolean(h.headPersonId)} />}
      {dialog?.kind === 'move' && <MovePersonModal opened onClose={close} person={dialog.person} />}
      {dialog?.kind === 'end' && <EndResidenceModal opened onClose={close} person={dialog.person} initialReason={dialog.reason} />}
    </>
  );
}

function MemberMenu({ person, onDialog }: { person: PersonSummary; onDialog: (d: Dialog) => void }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Thao tác với ${person.fullName}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={`/nhan-khau/${person.id}`} leftSection={<IconEye size={16} />}>Xem chi tiết</Menu.Item>
        <Menu.Item leftSection={<IconArrowsExchange size={16} />} onClick={() => onDialog({ kind: 'move', person })}>Chuyển sang hộ khác</Menu.Item>
        <Menu.Item leftSection={<IconUserMinus size={16} />} onClick={() => onDialog({ kind: 'end', person, reason: 'moved_out' })}>Ghi nhận chuyển đi</Menu.Item>
        <Menu.Item leftSection={<IconUserMinus size={16} />} onClick={() => onDialog({ kind: 'end', person, reason: 'deceased' })}>Ghi nhận qua đời</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function EditHouseholdModal({ household, onClose }: { household: Detail; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<HouseholdFormValues & { headPersonId: string | null }>({
    mode: 'controlled',
    initialValues: { ...householdToForm(household), headPersonId: household.members.some((m) => m.id === household.headPersonId) ? household.headPersonId : null },
    validate: (v) => validateHousehold(v),
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.patch(`/api/households/${household.id}`, {
        version: household.version,
        ...householdPayload(v),
        ...(v.headPersonId && v.headPersonId !== household.headPersonId ? { headPersonId: v.headPersonId } : {}),
      }),
    onSuccess: () => {
      for (const key of ['household', 'households', 'people', 'person']) void queryClient.invalidateQueries({ queryKey: [key] });
      notifySaved('Đã lưu thông tin hộ.');
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error);
    },
  });
  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650} fz="lg">Sửa thông tin hộ</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <Select
            label="Chủ hộ"
            description={household.members.length ? 'Chọn trong số nhân khẩu đang cư trú của hộ. Chủ hộ cũ vẫn ở trong hộ.' : 'Hộ chưa có nhân khẩu để chọn làm chủ hộ.'}
            placeholder="Chọn chủ hộ"
            data={household.members.map((m) => ({ value: m.id, label: `${m.fullName} (${relationLabel(m.relationToHead)})` }))}
            disabled={household.members.length === 0}
            {...form.getInputProps('headPersonId')}
          />
          <HouseholdFields form={form} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={save.isPending}>Lưu thay đổi</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}
