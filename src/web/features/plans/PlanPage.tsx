// Một kế hoạch (/ke-hoach/:id): its number and state, the documents it implements, its
// targets (with last year's level under a draft made from it: the floor), its text, and the
// acts: download as Word, "Lập kế hoạch năm sau", edit the draft, approval by the leader.
import { Alert, Anchor, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCheck, IconDownload, IconEdit, IconListCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { INDICATOR_LABELS, type IndicatorCode } from '../../../shared/indicators.ts';
import type { PlanView } from '../../../shared/plans.ts';
import { ApiError, downloadFile, errorMessage } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { PlanStatusBadge } from './PlansPage.tsx';
import { approvePlan, draftNextYear, savePlan, usePlan, usePlanUpdated } from './plans.api.ts';

const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);

export function PlanPage() {
  const { id } = useParams();
  const plan = usePlan(id);
  if (plan.error) return <DetailError error={plan.error} onRetry={() => void plan.refetch()} notFoundTitle="Không tìm thấy kế hoạch" />;
  if (!plan.data) return <LoadingBlock />;
  return <PlanDetail key={`${plan.data.id}:${plan.data.version}`} plan={plan.data} />;
}

function PlanDetail({ plan }: { plan: PlanView }) {
  const navigate = useNavigate();
  const updated = usePlanUpdated();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<null | 'approve' | 'next'>(null);
  const [targets, setTargets] = useState<Record<string, number | null>>(Object.fromEntries(plan.targets.map((t) => [t.code, t.target])));
  const [title, setTitle] = useState(plan.title);
  const [implementsText, setImplements] = useState(plan.implements.join('\n'));
  const [fieldError, setFieldError] = useState<{ path: string; message: string } | null>(null);

  async function act(name: string, work: () => Promise<void>) {
    setBusy(name);
    try { await work(); } catch (error) {
      if (error instanceof ApiError && error.fields[0]) setFieldError(error.fields[0]);
      notifications.show({ color: 'red', title: 'Không thực hiện được', message: errorMessage(error), autoClose: 10000 });
    } finally { setBusy(null); setConfirm(null); }
  }
  const save = () => act('save', async () => {
    setFieldError(null);
    const next = await savePlan(plan.id, {
      version: plan.version, title, implements: implementsText.split('\n').map((s) => s.trim()).filter(Boolean),
      purposeText: plan.purposeText, requirementsText: plan.requirementsText, generalGoalText: plan.generalGoalText, contentText: plan.contentText,
      targets: Object.entries(targets).filter(([, v]) => v !== null && v !== undefined).map(([code, v]) => ({ code: code as IndicatorCode, targetPercent: Number(v) })),
    });
    updated(next);
    setEditing(false);
    notifications.show({ color: 'teal', message: 'Đã lưu dự thảo kế hoạch.' });
  });
  const approve = () => act('approve', async () => {
    const next = await approvePlan(plan.id, plan.version);
    updated(next);
    notifications.show({ color: 'teal', message: `Đã phê duyệt kế hoạch số ${next.number}.` });
  });
  const drafted = () => act('next', async () => {
    const next = await draftNextYear(plan.id, uuidv7());
    updated(next);
    notifications.show({ color: 'teal', message: `Đã lập dự thảo kế hoạch năm ${next.year}.` });
    navigate(`/ke-hoach/${next.id}`);
  });
  const download = () => act('docx', async () => { await downloadFile(`/api/plans/${plan.id}/docx`, undefined, `ke-hoach-${plan.year}.docx`); });
  const errorOf = (code: string) => {
    const i = Object.entries(targets).filter(([, v]) => v !== null && v !== undefined).findIndex(([c]) => c === code);
    return fieldError?.path === `targets.${i}.targetPercent` ? fieldError.message : undefined;
  };

  return (
    <>
      <PageHeader
        title={`Kế hoạch năm ${plan.year}`}
        badge={<PlanStatusBadge status={plan.status} />}
        crumbs={[{ label: 'Kế hoạch năm', to: '/ke-hoach' }, { label: String(plan.year) }]}
        description={plan.title}
        actions={(
          <>
            <Button variant="default" leftSection={<IconDownload size={18} />} loading={busy === 'docx'} onClick={download} data-testid="plan-docx">Tải Word (.docx)</Button>
            <Button variant="default" component={Link} to={`/nhiem-vu?nam=${plan.year}&xem=bang`} leftSection={<IconListCheck size={18} />}>Nhiệm vụ ({plan.tasks})</Button>
            {plan.canDraftNext && <Button variant="light" leftSection={<IconCalendarPlus size={18} />} onClick={() => setConfirm('next')} data-testid="plan-next-year">Lập kế hoạch năm {plan.year + 1}</Button>}
            {plan.next && <Button variant="subtle" component={Link} to={`/ke-hoach/${plan.next.id}`}>Kế hoạch năm {plan.year + 1}</Button>}
            {plan.canEdit && !editing && <Button variant="light" leftSection={<IconEdit size={18} />} onClick={() => setEditing(true)}>Sửa dự thảo</Button>}
            {plan.canApprove && <Button color="teal" leftSection={<IconCheck size={18} />} onClick={() => setConfirm('approve')} data-testid="plan-approve">Phê duyệt</Button>}
          </>
        )}
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">Số, ngày ban hành</Text><Text fw={600} data-testid="plan-number">{plan.number ? `${plan.number} · ${formatDate(plan.issuedOn)}` : 'Chưa cấp số (dự thảo)'}</Text></Card>
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">Người ký</Text><Text fw={600}>{plan.signerName ?? '—'}</Text></Card>
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">Lập từ</Text><Text fw={600}>{plan.draftedFrom ? <Anchor component={Link} to={`/ke-hoach/${plan.draftedFrom.id}`}>Kế hoạch năm {plan.draftedFrom.year}</Anchor> : '—'}</Text></Card>
        </SimpleGrid>
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">Văn bản thực hiện</Title>
          {editing ? (
            <Stack gap="xs">
              <TextInput label="Tên kế hoạch" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
              <Textarea label="Văn bản thực hiện (mỗi dòng một văn bản)" autosize minRows={2} value={implementsText} onChange={(e) => setImplements(e.currentTarget.value)} />
            </Stack>
          ) : plan.implements.map((d) => <Text key={d} size="sm">Thực hiện {d}.</Text>)}
        </Card>
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">Chỉ tiêu năm {plan.year}</Title>
          {plan.draftedFrom && plan.status === 'draft' && (
            <Alert color="blue" variant="light" mb="sm">Chỉ tiêu đề xuất từ kết quả năm {plan.draftedFrom.year}; không được thấp hơn mức đã đạt.</Alert>
          )}
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={6} data-testid="plan-targets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Chỉ tiêu</Table.Th>
                  <Table.Th ta="right">Kế hoạch</Table.Th>
                  {plan.draftedFrom && <Table.Th ta="right">Đạt năm {plan.draftedFrom.year}</Table.Th>}
                  <Table.Th ta="right">Đang áp dụng</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.targets.map((t) => (
                  <Table.Tr key={t.code}>
                    <Table.Td><Text size="sm"><b>{t.code}</b> · {INDICATOR_LABELS[t.code].name}</Text></Table.Td>
                    <Table.Td ta="right" w={150}>
                      {editing ? (
                        <NumberInput size="xs" w={110} ml="auto" min={0} max={100} suffix="%" aria-label={`Chỉ tiêu ${t.code}`} value={targets[t.code] ?? ''}
                          onChange={(v) => setTargets((s) => ({ ...s, [t.code]: v === '' ? null : Number(v) }))} error={errorOf(t.code)} />
                      ) : <Text fw={600} size="sm">{pct(t.target)}</Text>}
                    </Table.Td>
                    {plan.draftedFrom && <Table.Td ta="right"><Text size="sm" c="dimmed">{pct(t.floor)}</Text></Table.Td>}
                    <Table.Td ta="right"><Text size="sm">{pct(t.effective)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {editing && (
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={() => setEditing(false)}>Hủy</Button>
              <Button loading={busy === 'save'} onClick={save}>Lưu dự thảo</Button>
            </Group>
          )}
        </Card>
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">Nội dung kế hoạch</Title>
          {[['I. Mục đích', plan.purposeText], ['Yêu cầu', plan.requirementsText], ['II. Mục tiêu chung', plan.generalGoalText], ['III. Nội dung triển khai', plan.contentText]].map(([label, text]) => (
            <Stack key={label} gap={4} mb="sm">
              <Text fw={700} size="sm">{label}</Text>
              {text.split('\n').filter(Boolean).map((line, i) => <Text key={i} size="sm">{line}</Text>)}
            </Stack>
          ))}
          <Text size="sm" fw={700}>Kinh phí</Text>
          <Text size="sm">Kinh phí: theo dự toán của Phòng Kinh tế.</Text>
        </Card>
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === 'approve' ? `Phê duyệt kế hoạch năm ${plan.year}?` : `Lập kế hoạch năm ${plan.year + 1}?`}
        color={confirm === 'approve' ? 'teal' : 'brand'}
        confirmLabel={confirm === 'approve' ? 'Phê duyệt' : 'Lập dự thảo'}
        loading={busy === 'approve' || busy === 'next'}
        onConfirm={() => void (confirm === 'approve' ? approve() : drafted())}
      >
        <Text size="sm">{confirm === 'approve'
          ? 'Kế hoạch được cấp số và ký; các chỉ tiêu của kế hoạch trở thành chỉ tiêu của xã. Sau khi phê duyệt không sửa được nữa.'
          : `Dự thảo năm ${plan.year + 1} lấy các nhiệm vụ năm ${plan.year} (hạn dời sang năm sau) và đề xuất chỉ tiêu từ kết quả năm nay, không thấp hơn mức đã đạt.`}</Text>
      </ConfirmModal>
    </>
  );
}
