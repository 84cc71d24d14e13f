// A team leader's trainings on the phone (/thuc-dia/tap-huan): those inviting the village,
// from the last two months and upcoming, as last synced — which ones wait for attendance.
import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { methodText, whenText } from '../features/trainings/TrainingBits.tsx';
import { FieldTitle } from './FieldLayout.tsx';
import { trainingState, useFieldTrainings } from './field-trainings.ts';

export default function FieldTrainingsPage() {
  useDocumentTitle('Tập huấn · Tổ CNSCĐ');
  const trainings = useFieldTrainings();
  if (!trainings) return null;
  return (
    <Stack gap="sm">
      <FieldTitle title="Tập huấn của Tổ" subtitle="Điểm danh thành viên và chụp danh sách ký tên, kể cả khi không có mạng." />
      {trainings.length === 0 ? (
        <Card padding="md"><Text size="sm" c="dimmed">Không có lớp tập huấn nào mời thôn trong 60 ngày qua hoặc sắp tới.</Text></Card>
      ) : (
        <Stack gap="xs" data-testid="field-trainings">
          {trainings.map((t) => {
            const state = trainingState(t);
            const present = t.members.filter((m) => m.attendance?.status === 'present').length;
            return (
              <Card key={t.id} component={Link} to={`/thuc-dia/tap-huan/${t.id}`} padding="sm" className="card-link" data-testid="field-training" style={{ textDecoration: 'none' }}>
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Stack gap={4} miw={0}>
                    <Text fw={700} lh={1.3}>{t.title}</Text>
                    <Text size="sm" c="dimmed">{whenText(t.startsAt, t.endsAt)}{t.place ? ` · ${t.place}` : ''}</Text>
                    <Text size="sm" c="dimmed">{methodText(t.method, t.platform)}</Text>
                    <Group gap={6}>
                      <Badge color={state.color} variant="light">{state.label}</Badge>
                      {present > 0 && <Text size="sm">Có mặt {present}/{t.members.length}</Text>}
                    </Group>
                  </Stack>
                  <IconChevronRight size={20} />
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
