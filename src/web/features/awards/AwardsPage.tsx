// Thi đua, khen thưởng (/thi-dua): the commune's emulation campaigns with their titles, how
// many candidates the data gives and how many were nominated and awarded; Phòng VH-XH opens a
// new campaign here and edits the titles' criteria (/thi-dua/tieu-chi).
import { Anchor, Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAward, IconListDetails, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  AWARD_TITLES,
  AWARD_TITLE_LABELS,
  NOMINATOR_LABELS,
  NOMINATOR_ROLES,
  type AwardTitle,
  type CampaignSummary,
  type NominatorRole,
} from '../../../shared/awards.ts';
import { yearInVietnam } from '../../../shared/calendar.ts';
import { errorMessage, ApiError } from '../../app/api.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { notifySaved } from '../../components/forms.ts';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { CampaignStatusBadge } from './AwardBits.tsx';
import { createCampaign, useAwardsChanged, useCampaigns } from './awards.api.ts';

export function AwardsPage() {
  const session = useSession();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const manage = session.can('awards.manage');
  return (
    <>
      <PageHeader
        title="Thi đua, khen thưởng"
        description={`Phong trào thi đua về chuyển đổi số và bốn danh hiệu của Kế hoạch (mục II.4) — ${session.scopeName}`}
        actions={manage && (
          <Group gap="xs">
            <Button variant="default" component={Link} to="/thi-dua/tieu-chi" leftSection={<IconListDetails size={18} />}>Tiêu chí danh hiệu</Button>
            <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>Lập đợt thi đua</Button>
          </Group>
        )}
      />
      {campaigns.error ? (
        <ErrorAlert error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : campaigns.isPending ? (
        <LoadingBlock />
      ) : campaigns.data.items.length === 0 ? (
        <Empty icon={<IconAward size={32} />} title="Chưa có đợt thi đua nào" description={manage ? 'Lập tiêu chí cho các danh hiệu, rồi bấm “Lập đợt thi đua”.' : undefined} />
      ) : (
        <Stack gap="md" data-testid="campaign-list">
          {campaigns.data.items.map((c) => <CampaignCard key={c.id} campaign={c} />)}
        </Stack>
      )}
      {creating && <CampaignForm onClose={() => setCreating(false)} />}
    </>
  );
}

function CampaignCard({ campaign: c }: { campaign: CampaignSummary }) {
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Stack gap={2} style={{ flex: '1 1 300px', minWidth: 0 }}>
          <Anchor component={Link} to={`/thi-dua/${c.id}`} fw={700} c="inherit">{c.name}</Anchor>
          <Text size="sm" c="dimmed">
            Từ {formatDate(c.periodFrom)} đến {formatDate(c.periodTo)}
            {c.decisionNumber ? ` · Quyết định phát động số ${c.decisionNumber}${c.decisionDate ? ` ngày ${formatDate(c.decisionDate)}` : ''}` : ''}
          </Text>
        </Stack>
        <CampaignStatusBadge status={c.status} />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
        {c.titles.map((t) => (
          <Card key={t.award} padding="xs" bg="var(--mantine-color-gray-0)">
            <Text size="sm" fw={600}>{AWARD_TITLE_LABELS[t.award]}</Text>
            <Text size="xs" c="dimmed">Tối đa {formatNumber(t.maxCount)}</Text>
            <Text size="sm">{formatNumber(t.candidates)} ứng viên · {formatNumber(t.nominated)} đề xuất · <b>{formatNumber(t.awarded)}</b> được khen</Text>
          </Card>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function CampaignForm({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const navigate = useNavigate();
  const changed = useAwardsChanged();
  const year = yearInVietnam();
  const [id] = useState(() => uuidv7());
  const [name, setName] = useState(`Phong trào thi đua chuyển đổi số năm ${year}`);
  const [decisionNumber, setDecisionNumber] = useState('');
  const [decisionDate, setDecisionDate] = useState<string | null>(null);
  const [periodFrom, setPeriodFrom] = useState<string | null>(`${year}-01-01`);
  const [periodTo, setPeriodTo] = useState<string | null>(`${year}-11-30`);
  const [titles, setTitles] = useState<Record<AwardTitle, number | null>>({ citizen: 10, family: 5, village: 2, team: 2 });
  const [nominators, setNominators] = useState<NominatorRole[]>([...NOMINATOR_ROLES]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  async function submit() {
    setSaving(true);
    setErrors({});
    try {
      const campaign = await createCampaign({
        id, communeId: session.me.orgUnit.id, name, decisionNumber: decisionNumber || null, decisionDate, decisionFileId: null,
        periodFrom: periodFrom ?? '', periodTo: periodTo ?? '',
        titles: AWARD_TITLES.filter((t) => titles[t] !== null).map((t) => ({ award: t, maxCount: titles[t]! })), nominators,
      });
      changed();
      notifySaved('Đã lập đợt thi đua.');
      navigate(`/thi-dua/${campaign.id}`);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.path.split('.')[0], f.message])) : { form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }
  return (
    <ResponsiveModal opened onClose={onClose} title="Lập đợt thi đua" size="lg">
      <Stack gap="sm">
        <TextInput label="Tên đợt thi đua" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <Group grow align="flex-start">
          <TextInput label="Số quyết định phát động" placeholder="12/QĐ-UBND" value={decisionNumber} onChange={(e) => setDecisionNumber(e.currentTarget.value)} error={errors.decisionNumber} />
          <VnDateInput label="Ngày quyết định" value={decisionDate} onChange={(v) => setDecisionDate(v)} error={errors.decisionDate} clearable />
        </Group>
        <Group grow align="flex-start">
          <VnDateInput label="Từ ngày" required value={periodFrom} onChange={(v) => setPeriodFrom(v)} error={errors.periodFrom} />
          <VnDateInput label="Đến ngày" required value={periodTo} onChange={(v) => setPeriodTo(v)} error={errors.periodTo} />
        </Group>
        <Title order={4} mt="xs">Danh hiệu xét và số lượng tối đa</Title>
        {errors.titles && <Text c="red" size="sm">{errors.titles}</Text>}
        {AWARD_TITLES.map((t) => (
          <Group key={t} justify="space-between" wrap="nowrap">
            <Checkbox label={AWARD_TITLE_LABELS[t]} checked={titles[t] !== null} onChange={(e) => setTitles({ ...titles, [t]: e.currentTarget.checked ? 1 : null })} />
            <NumberInput aria-label={`Số lượng tối đa: ${AWARD_TITLE_LABELS[t]}`} w={100} min={1} max={1000} disabled={titles[t] === null} value={titles[t] ?? ''} onChange={(v) => setTitles({ ...titles, [t]: typeof v === 'number' ? v : null })} />
          </Group>
        ))}
        <Checkbox.Group label="Đơn vị được đề xuất" value={nominators} onChange={(v) => setNominators(v as NominatorRole[])} error={errors.nominators}>
          <Stack gap={6} mt={6}>
            {NOMINATOR_ROLES.map((r) => <Checkbox key={r} value={r} label={NOMINATOR_LABELS[r]} />)}
          </Stack>
        </Checkbox.Group>
        {errors.form && <Text c="red" size="sm">{errors.form}</Text>}
        <Text size="xs" c="dimmed">Tiêu chí của từng danh hiệu được chốt vào đợt khi bấm “Bắt đầu đợt”; sửa tiêu chí sau đó không làm thay đổi đợt đã bắt đầu.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button loading={saving} onClick={() => void submit()}>Lập đợt thi đua</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}
