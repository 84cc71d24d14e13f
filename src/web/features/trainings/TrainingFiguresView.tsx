// "Kết quả tập huấn": members trained / active members for a unit and any period — the
// total, by topic, by method, each village — and the members never trained, to invite next.
import { Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { todayInVietnam } from '../../../shared/calendar.ts';
import {
  TEAM_ROLE_LABELS,
} from '../../../shared/teams.ts';
import {
  TRAINING_METHODS,
  TRAINING_METHOD_LABELS,
  TRAINING_TOPICS,
  TRAINING_TOPIC_SHORT,
  type TrainingFigures,
} from '../../../shared/trainings.ts';
import { formatDate, formatNumber, formatPercent, toIsoDate, unitName } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { useNeverTrained, useTrainingFigures } from './trainings.api.ts';

const ratioText = (r: { trained: number; members: number }) => `${formatNumber(r.trained)}/${formatNumber(r.members)}`;

function RatioCard({ label, ratio, testId, neutral = false }: { label: string; ratio: { trained: number; members: number }; testId: string; neutral?: boolean }) {
  const pct = ratio.members ? (100 * ratio.trained) / ratio.members : 0;
  return (
    <Card padding="sm" withBorder data-testid={testId}>
      <Text size="sm" c="dimmed" lineClamp={2} mih={40}>{label}</Text>
      <Group gap={6} align="baseline">
        <Title order={3}>{formatPercent(ratio.trained, ratio.members)}</Title>
        <Text size="sm" c="dimmed">{ratioText(ratio)}</Text>
      </Group>
      <Progress value={pct} mt={6} size="sm" color={neutral ? 'blue' : pct >= 80 ? 'teal' : pct >= 50 ? 'yellow' : 'red'} aria-label={label} />
    </Card>
  );
}

export function TrainingFiguresView() {
  const session = useSession();
  const today = todayInVietnam();
  const { values, set } = useUrlFilters(['don-vi', 'tu', 'den', 'xem'] as const);
  const orgUnitId = Number(values['don-vi']) || session.me.orgUnit.id;
  const from = values.tu || `${today.slice(0, 4)}-01-01`;
  const to = values.den || today;
  const figures = useTrainingFigures({ orgUnitId, from, to });
  const [showNever, setShowNever] = useState(false);
  const never = useNeverTrained({ orgUnitId, asOf: to }, showNever);
  const f = figures.data;
  return (
    <Stack gap="md" data-testid="training-figures">
      <Group gap="sm" align="flex-end">
        {!session.isVillageScoped && (
          <OrgUnitPicker label="Đơn vị" value={orgUnitId} onChange={(id) => set({ 'don-vi': id && id !== session.me.orgUnit.id ? id : null })} levels={['commune', 'village']} w={260} data-testid="figures-unit" />
        )}
        <DatePickerInput
          type="range"
          label="Thời gian"
          valueFormat="DD/MM/YYYY"
          value={[from, to]}
          onChange={([a, b]) => { if (a && b) set({ tu: toIsoDate(a) ?? null, den: toIsoDate(b) ?? null }); }}
          w={260}
          data-testid="figures-period"
        />
        <Group gap={6}>
          {[
            ['Từ đầu năm', `${today.slice(0, 4)}-01-01`, today],
            [`Quý ${Math.ceil(Number(today.slice(5, 7)) / 3)}`, `${today.slice(0, 4)}-${String(3 * Math.ceil(Number(today.slice(5, 7)) / 3) - 2).padStart(2, '0')}-01`, today],
          ].map(([label, a, b]) => (
            <Button key={label} size="xs" variant={from === a && to === b ? 'filled' : 'default'} onClick={() => set({ tu: a, den: b })}>{label}</Button>
          ))}
        </Group>
      </Group>
      {figures.error ? <ErrorAlert error={figures.error} onRetry={() => void figures.refetch()} /> : !f ? <LoadingBlock /> : (
        <FiguresBody f={f} onShowNever={() => setShowNever(true)} />
      )}
      {showNever && f && (
        <Card withBorder padding="md" data-testid="never-trained">
          <Group justify="space-between" mb="xs">
            <Title order={4}>Chưa từng được tập huấn đến {formatDate(to)} — mời lần sau</Title>
            <Badge variant="light">{formatNumber(never.data?.items.length ?? 0)} người</Badge>
          </Group>
          {never.error ? <ErrorAlert error={never.error} /> : !never.data ? <LoadingBlock rows={3} /> : never.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">Mọi thành viên đang hoạt động đều đã được tập huấn.</Text>
          ) : (
            <Table striped withTableBorder>
              <Table.Thead><Table.Tr><Table.Th>Thôn</Table.Th><Table.Th>Họ và tên</Table.Th><Table.Th>Vai trò</Table.Th><Table.Th>Điện thoại</Table.Th><Table.Th>Vào tổ</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {never.data.items.map((m) => (
                  <Table.Tr key={m.memberId} data-testid="never-trained-row">
                    <Table.Td>{m.village.name}</Table.Td>
                    <Table.Td>{m.fullName}</Table.Td>
                    <Table.Td>{TEAM_ROLE_LABELS[m.teamRole]}</Table.Td>
                    <Table.Td>{m.phone ?? '—'}</Table.Td>
                    <Table.Td>{formatDate(m.joinedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Stack>
  );
}

function FiguresBody({ f, onShowNever }: { f: TrainingFigures; onShowNever: () => void }) {
  return (
    <>
      <Text size="sm" c="dimmed">
        {unitName(f.unit.name, f.unit.level)}, từ {formatDate(f.from)} đến {formatDate(f.to)}: {formatNumber(f.trainings.held)} lớp đã tổ chức
        {f.trainings.planned ? `, ${formatNumber(f.trainings.planned)} lớp dự kiến` : ''}. Thành viên được tính là đã tập huấn khi có mặt ở một lớp (không bị hủy) hoặc hoàn thành khóa trực tuyến trong thời gian này; mẫu số là thành viên đang hoạt động ngày {formatDate(f.to)}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <RatioCard label="Thành viên đã được tập huấn" ratio={f.total} testId="figure-total" />
        <Card padding="sm" withBorder>
          <Text size="sm" c="dimmed" mih={40}>Chưa từng được tập huấn</Text>
          <Group gap={6} align="baseline"><Title order={3} data-testid="figure-never">{formatNumber(f.neverTrained)}</Title><Text size="sm" c="dimmed">người</Text></Group>
          {f.neverTrained > 0 && <Anchor component="button" size="sm" onClick={onShowNever} data-testid="show-never-trained"><IconUsers size={14} /> Xem danh sách mời lần sau</Anchor>}
        </Card>
      </SimpleGrid>
      <Title order={4} mt="xs">Theo nội dung</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {TRAINING_TOPICS.map((t) => <RatioCard key={t} label={TRAINING_TOPIC_SHORT[t]} ratio={f.byTopic[t]} testId={`figure-topic-${t}`} />)}
      </SimpleGrid>
      <Title order={4} mt="xs">Theo hình thức</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {TRAINING_METHODS.map((m) => <RatioCard key={m} label={TRAINING_METHOD_LABELS[m]} ratio={f.byMethod[m]} testId={`figure-method-${m}`} neutral />)}
      </SimpleGrid>
      <Title order={4} mt="xs">Theo thôn</Title>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder highlightOnHover data-testid="figure-villages">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Thôn</Table.Th>
              <Table.Th ta="right">Đã tập huấn</Table.Th>
              <Table.Th ta="right">Tỷ lệ</Table.Th>
              {TRAINING_TOPICS.map((t) => <Table.Th key={t} ta="right" fz="xs">{TRAINING_TOPIC_SHORT[t]}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.villages.map((v) => (
              <Table.Tr key={v.id} data-testid="figure-village-row">
                <Table.Td>{v.name}</Table.Td>
                <Table.Td ta="right">{ratioText(v.total)}</Table.Td>
                <Table.Td ta="right" c={v.total.members && v.total.trained / v.total.members < 0.5 ? 'red.8' : undefined}>{formatPercent(v.total.trained, v.total.members)}</Table.Td>
                {TRAINING_TOPICS.map((t) => <Table.Td key={t} ta="right">{formatNumber(v.byTopic[t])}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
