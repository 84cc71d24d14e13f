// One person: personal details (CCCD masked; revealing it is audited), groups, residence
// history, and the changes an officer records.
import { Alert, Anchor, Button, Card, Code, DataList, Group, Menu, SimpleGrid, Stack, Text, Timeline, Title, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconChevronDown, IconEdit, IconEye, IconHome, IconInfoCircle, IconUserMinus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { formatBirth, formatDate } from '../../app/format.ts';
import { reasonLabel, relationLabel, SEX_LABELS } from '../../app/labels.ts';
import { useSession } from '../../app/session.tsx';
import type { PersonDetail } from '../../app/types.ts';
import { notifyError } from '../../components/forms.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CenterLoader, DetailError } from '../../components/states.tsx';
import { GroupBadges } from './GroupBadges.tsx';
import { StatusBadge } from './PeoplePage.tsx';
import { EndResidenceModal, MovePersonModal, PersonFormModal } from './PersonModals.tsx';
import { DigitalStatusCard } from '../support/DigitalStatusCard.tsx';

type Dialog = 'edit' | 'move' | 'moved_out' | 'deceased' | null;

function CccdValue({ person }: { person: PersonDetail }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => api.post<{ cccd: string }>(`/api/people/${person.id}/reveal-cccd`),
    onSuccess: (r) => setRevealed(r.cccd),
    onError: (e) => notifyError(e, 'Không hiện được số CCCD'),
  });
  if (!person.cccdMasked) return <Text size="sm" c="dimmed">Chưa có</Text>;
  return (
    <Stack gap={4} align="flex-start">
      <Group gap="xs">
        <Code fz="sm" data-testid="cccd-value">{revealed ?? person.cccdMasked}</Code>
        {person.canRevealCccd && !revealed && (
          <Tooltip label="Lượt xem số đầy đủ được ghi vào nhật ký hệ thống" multiline w={220}>
            <Button size="compact-sm" variant="light" leftSection={<IconEye size={14} />} loading={reveal.isPending} onClick={() => reveal.mutate()}>
              Hiện số CCCD
            </Button>
          </Tooltip>
        )}
      </Group>
      {revealed && <Text size="xs" c="dimmed">Lượt xem này đã được ghi vào nhật ký.</Text>}
    </Stack>
  );
}

export function PersonDetailPage() {
  const { id } = useParams();
  const { can } = useSession();
  const [dialog, setDialog] = useState<Dialog>(null);
  const isMobile = useIsMobile();
  const { data: p, error, isPending, refetch } = useQuery({
    queryKey: ['person', id],
    queryFn: () => api.get<PersonDetail>(`/api/people/${id}`),
  });

  if (isPending) return <CenterLoader />;
  if (error || !p) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy nhân khẩu" />;

  const write = can('registry.write');
  const resident = p.status === 'resident';
  const householdLabel = p.householdCode ? `Hộ số ${p.householdCode}` : 'Hộ gia đình';

  return (
    <>
      <PageHeader
        docTitle="Nhân khẩu"
        title={p.fullName}
        badge={<StatusBadge status={p.status} />}
        crumbs={[{ label: 'Nhân khẩu', to: '/nhan-khau' }, { label: householdLabel, to: `/ho-gia-dinh/${p.householdId}` }, { label: p.fullName }]}
        description={`${SEX_LABELS[p.sex]} · sinh ${formatBirth(p).replace('Năm ', 'năm ')}${p.age != null && resident ? ` (${p.age} tuổi)` : ''} · ${p.villageName}`}
        actions={
          write && (
            <>
              <Button variant="default" leftSection={<IconEdit size={18} />} onClick={() => setDialog('edit')}>Sửa thông tin</Button>
              {resident && (
                <Menu position="bottom-end" shadow="md">
                  <Menu.Target>
                    <Button rightSection={<IconChevronDown size={16} />}>Thay đổi cư trú</Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog('move')}>Chuyển sang hộ khác</Menu.Item>
                    <Menu.Item leftSection={<IconUserMinus size={16} />} onClick={() => setDialog('moved_out')}>Ghi nhận chuyển đi</Menu.Item>
                    <Menu.Item leftSection={<IconUserMinus size={16} />} onClick={() => setDialog('deceased')}>Ghi nhận qua đời</Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </>
          )
        }
      />

      {!resident && (
        <Alert variant="light" color={p.status === 'deceased' ? 'gray' : 'orange'} icon={<IconInfoCircle />} mb="md" data-testid="status-alert">
          {p.status === 'deceased' ? `Đã mất${p.statusDate ? ` ngày ${formatDate(p.statusDate)}` : ''}.` : `Đã chuyển đi${p.statusDate ? ` từ ngày ${formatDate(p.statusDate)}` : ''}.`} Người này không còn được tính trong số liệu; thông tin được giữ lại để tra cứu.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Card padding="lg">
          <Title order={2} fz="md" mb="md">Thông tin cá nhân</Title>
          <DataList labelWidth={isMobile ? 112 : 140} gap="xs" size="sm">
            <DataList.Item><DataList.ItemLabel>Họ và tên</DataList.ItemLabel><DataList.ItemValue fw={600}>{p.fullName}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Giới tính</DataList.ItemLabel><DataList.ItemValue>{SEX_LABELS[p.sex]}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>{p.birthDate ? 'Ngày sinh' : 'Năm sinh'}</DataList.ItemLabel><DataList.ItemValue className="num">{p.birthDate ? formatDate(p.birthDate) : p.birthYear}{p.age != null ? ` (${p.age} tuổi)` : ''}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Dân tộc</DataList.ItemLabel><DataList.ItemValue>{p.ethnicity ?? '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Số CCCD</DataList.ItemLabel><DataList.ItemValue><CccdValue key={p.id} person={p} /></DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Điện thoại</DataList.ItemLabel><DataList.ItemValue>{p.phone ? <Anchor href={`tel:${p.phone}`} size="sm">{p.phone}</Anchor> : '—'}</DataList.ItemValue></DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Hộ gia đình</DataList.ItemLabel>
              <DataList.ItemValue>
                <Anchor component={Link} to={`/ho-gia-dinh/${p.householdId}`} size="sm">{householdLabel}</Anchor>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item><DataList.ItemLabel>Quan hệ với chủ hộ</DataList.ItemLabel><DataList.ItemValue>{relationLabel(p.relationToHead)}</DataList.ItemValue></DataList.Item>
            <DataList.Item><DataList.ItemLabel>Thôn</DataList.ItemLabel><DataList.ItemValue>{p.villageName}</DataList.ItemValue></DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Thuộc nhóm</DataList.ItemLabel>
              <DataList.ItemValue>{p.isStudent || p.isWorker || p.isTeamMember || p.isOfficial ? <GroupBadges person={p} /> : '—'}</DataList.ItemValue>
            </DataList.Item>
            {p.note && <DataList.Item><DataList.ItemLabel>Ghi chú</DataList.ItemLabel><DataList.ItemValue>{p.note}</DataList.ItemValue></DataList.Item>}
          </DataList>
        </Card>

        <Card padding="lg">
          <Title order={2} fz="md" mb={4}>Lịch sử cư trú</Title>
          <Text size="sm" c="dimmed" mb="md">Mỗi lần chuyển hộ, chuyển đi hoặc qua đời đều được ghi lại.</Text>
          <Timeline active={p.residences.length} bulletSize={26} lineWidth={2} data-testid="residence-history">
            {p.residences.map((r, i) => (
              <Timeline.Item
                key={`${r.householdId}-${r.fromDate}-${i}`}
                bullet={<IconHome size={14} />}
                color={r.toDate ? 'gray' : 'teal'}
                title={
                  <Anchor component={Link} to={`/ho-gia-dinh/${r.householdId}`} size="sm" fw={600}>
                    {r.householdCode ? `Hộ số ${r.householdCode}` : 'Hộ gia đình'} · {r.villageName}
                  </Anchor>
                }
              >
                <Text size="sm" c="dimmed" className="num">
                  Từ {formatDate(r.fromDate)}{r.startReason ? ` (${reasonLabel(r.startReason).toLowerCase()})` : ''}
                </Text>
                <Text size="sm" c={r.toDate ? 'dimmed' : 'teal.8'} className="num">
                  {r.toDate ? `Đến ${formatDate(r.toDate)}${r.endReason ? ` (${reasonLabel(r.endReason).toLowerCase()})` : ''}` : 'Đang cư trú'}
                </Text>
                {r.note && <Text size="xs" c="dimmed" mt={2}>Ghi chú: {r.note}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </SimpleGrid>

      {p.digitalStatus && resident && (
        <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
          <DigitalStatusCard status={p.digitalStatus} isStudent={p.isStudent} hasSmartphone={p.hasSmartphone ?? null} lastVisitOn={p.lastVisitOn ?? null} lastReason={p.lastReason ?? null} />
        </div>
      )}

      {dialog === 'edit' && <PersonFormModal opened onClose={() => setDialog(null)} person={p} />}
      {dialog === 'move' && <MovePersonModal opened onClose={() => setDialog(null)} person={p} />}
      {(dialog === 'moved_out' || dialog === 'deceased') && <EndResidenceModal opened onClose={() => setDialog(null)} person={p} initialReason={dialog} />}
    </>
  );
}
