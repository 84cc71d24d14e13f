// One group session (/buoi-huong-dan/:id): where, when, what, who taught; each attendee of
// the reader's area with their outcome (a link to their household, where the session's event
// shows in the history); rows refused with their reason; visitors counted apart.
import { Alert, Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconArrowBackUp, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { BASIC_SKILL_LABELS, NOT_DONE_REASON_LABELS, SUPPORT_OUTCOME_LABELS } from '../../../shared/support.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession as useAccount } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { errorMessage } from '../../app/api.ts';
import { notifySaved } from '../../components/forms.ts';
import { retractSession, useSession, useSessionsChanged } from './group-sessions.api.ts';
import type { SessionView } from '../../../shared/group-sessions.ts';

/** Taking back a session recorded by mistake, with the reason (every attendee's event is retracted). */
function RetractDialog({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const changed = useSessionsChanged();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const retract = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await retractSession(session.id, { version: session.version, reason });
      notifySaved('Đã rút buổi hướng dẫn.');
      await changed();
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>Rút buổi hướng dẫn ghi nhầm</Text>} size="md">
      <Stack gap="sm">
        <Text size="sm">
          Lượt hỗ trợ của {session.attendees} người tham dự sẽ được rút: tình trạng số, chỉ số và báo cáo trở lại như trước buổi này. Buổi vẫn còn trong danh sách, ghi là “đã rút”.
        </Text>
        <Textarea label="Lý do rút" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="Ví dụ: ghi nhầm lớp, buổi này của trường khác" data-testid="retract-reason" />
        {problem && <Alert color="red" data-testid="form-error">{problem}</Alert>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button color="red" onClick={() => void retract()} loading={busy} data-testid="confirm-retract">Rút buổi này</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
import { ContentBadges, placeText } from './SessionsPage.tsx';

export function SessionPage() {
  const { id } = useParams();
  const account = useAccount();
  const query = useSession(id);
  const [retracting, setRetracting] = useState(false);
  if (query.error) return <DetailError error={query.error} onRetry={() => void query.refetch()} notFoundTitle="Không tìm thấy buổi hướng dẫn" />;
  if (!query.data) return <LoadingBlock />;
  const s = query.data;
  const figure = (label: string, value: number, testId?: string) => (
    <Card withBorder padding="sm"><Text size="xs" c="dimmed">{label}</Text><Text fw={700} size="xl" data-testid={testId}>{formatNumber(value)}</Text></Card>
  );
  return (
    <>
      <PageHeader
        title={placeText(s)}
        description={`Buổi hướng dẫn tập trung ngày ${formatDate(s.sessionDate)} · ${s.commune.name} · ghi bởi ${s.recordedBy}`}
        crumbs={[{ label: 'Buổi hướng dẫn tập trung', to: '/buoi-huong-dan' }, { label: formatDate(s.sessionDate) }]}
        actions={account.can('sessions.record') && s.status === 'held' && (
          <Group gap="xs">
            <Button variant="default" component={Link} to={`/buoi-huong-dan/${s.id}/sua`} leftSection={<IconPencil size={16} />}>Sửa buổi</Button>
            <Button variant="subtle" color="red" onClick={() => setRetracting(true)} leftSection={<IconArrowBackUp size={16} />} data-testid="retract-session">Rút buổi ghi nhầm</Button>
          </Group>
        )}
      />
      {retracting && <RetractDialog session={s} onClose={() => setRetracting(false)} />}
      <Stack gap="md" maw={1100}>
        {s.status === 'retracted' && (
          <Alert color="red" title="Buổi này đã được rút (ghi nhầm)" data-testid="session-retracted">
            Lượt hỗ trợ của những người dưới đây đã được rút và không tính vào tình trạng số, chỉ số hay báo cáo. Lý do ghi trong nhật ký hệ thống.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {figure('Người tham dự', s.attendees, 'session-attendees')}
          {figure('Đạt', s.done, 'session-done')}
          {figure('Khách xã khác (tính riêng)', s.visitors)}
          {figure('Dòng bị từ chối', s.refused)}
        </SimpleGrid>
        <Card withBorder padding="md">
          <Stack gap={6}>
            <ContentBadges contents={s.contents} />
            {s.checklist.length > 0 && <Text size="sm">Kỹ năng đã hướng dẫn: {s.checklist.map((c) => BASIC_SKILL_LABELS[c]).join('; ')}</Text>}
            <Text size="sm">Kết quả chung: {SUPPORT_OUTCOME_LABELS[s.outcome]}{s.reason ? ` — ${NOT_DONE_REASON_LABELS[s.reason]}` : ''}</Text>
            {s.teachers.length > 0 && <Text size="sm">Người hướng dẫn: {s.teachers.map((t) => t.fullName).join(', ')}</Text>}
          </Stack>
        </Card>
        {s.refusedList.length > 0 && (
          <Alert color="orange" title={`${s.refusedList.length} người không được ghi`} data-testid="session-refused">
            <Stack gap={2}>
              {s.refusedList.map((r) => <Text size="sm" key={r.personId}><b>{r.fullName || 'Không rõ'}</b>: {r.message}</Text>)}
            </Stack>
          </Alert>
        )}
        <Card withBorder padding="md">
          <Title order={4} mb="sm">Người tham dự ({formatNumber(s.attendeeList.length)})</Title>
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="session-attendees-table">
              <Table.Thead><Table.Tr><Table.Th>Họ tên</Table.Th><Table.Th>Năm sinh</Table.Th><Table.Th>Thôn</Table.Th><Table.Th>Kết quả</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {s.attendeeList.map((a) => (
                  <Table.Tr key={a.personId}>
                    <Table.Td><Anchor component={Link} to={`/ho-gia-dinh/${a.householdId}`} size="sm">{a.fullName}</Anchor></Table.Td>
                    <Table.Td>{a.birthYear}</Table.Td>
                    <Table.Td>{a.village.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={a.outcome === 'not_done' ? 'orange' : 'teal'} tt="none">{SUPPORT_OUTCOME_LABELS[a.outcome]}</Badge>
                      {a.reason && <Text span size="xs" c="dimmed"> {NOT_DONE_REASON_LABELS[a.reason]}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {s.visitorList.length > 0 && <Text size="sm" mt="sm">Khách từ xã khác: {s.visitorList.map((v) => `${v.fullName} (${v.homeCommune})`).join(', ')}</Text>}
        </Card>
      </Stack>
    </>
  );
}
