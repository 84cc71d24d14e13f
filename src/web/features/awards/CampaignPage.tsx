// Một đợt thi đua (/thi-dua/:id): its frozen criteria and state; the candidates the data gives
// with their evidence (Phòng VH-XH recomputes them explicitly and sees what changed); the
// nominations (villages, Youth Union, Phòng VH-XH; "ngoài tiêu chí" with a reason); the
// council's meeting and votes; the leader's decision; revocation; the dossier and honour board.
import {
  Alert, Anchor, Badge, Button, Card, Checkbox, Collapse, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { IconAward, IconCertificate, IconFileTypeDocx, IconFileTypeXls, IconPlayerPlay, IconPrinter, IconRefresh, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  AWARD_TITLES,
  AWARD_TITLE_LABELS,
  DECISION_FORM_LABELS,
  NOMINATOR_LABELS,
  type AwardTitle,
  type CampaignSummary,
  type Candidate,
  type DecisionForm,
  type NominationView,
  type NominatorRole,
} from '../../../shared/awards.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { ApiError, downloadFile, errorMessage } from '../../app/api.ts';
import { formatDate, formatDateTime, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { DetailError, Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { CampaignStatusBadge, EvidenceTable, NominationStatusBadge, conditionText, shortName } from './AwardBits.tsx';
import {
  decide, nominate, recomputeCandidates, recordMeeting, revoke, setConsent, startCampaign, useAwardsChanged, useCampaign, useCandidates, useCouncil, useNominations,
  useSubjects, withdraw,
} from './awards.api.ts';

const TABS = { 'ung-vien': 'Ứng viên', 'de-xuat': 'Đề xuất', 'hoi-dong': 'Hội đồng, quyết định', 'ho-so': 'Hồ sơ, vinh danh' } as const;
type Tab = keyof typeof TABS;

/** The role a nomination is made as (an administrator nominates as Phòng VH-XH). */
const nominatorRole = (role: string): NominatorRole | null => (role === 'admin' ? 'culture_office' : (['village_head', 'youth_union', 'culture_office'] as const).find((r) => r === role) ?? null);

export function CampaignPage() {
  const { id } = useParams();
  const campaign = useCampaign(id);
  const { values, set } = useUrlFilters(['tab'] as const);
  const tab: Tab = (values.tab as Tab) in TABS ? (values.tab as Tab) : 'ung-vien';
  if (campaign.error) return <DetailError error={campaign.error} onRetry={() => void campaign.refetch()} notFoundTitle="Không tìm thấy đợt thi đua" />;
  if (campaign.isPending) return <LoadingBlock />;
  const c = campaign.data;
  return (
    <>
      <PageHeader
        title={c.name}
        crumbs={[{ label: 'Thi đua, khen thưởng', to: '/thi-dua' }, { label: shortName(c.name) }]}
        badge={<CampaignStatusBadge status={c.status} />}
        description={`Từ ${formatDate(c.periodFrom)} đến ${formatDate(c.periodTo)}${c.decisionNumber ? ` · Quyết định phát động số ${c.decisionNumber}${c.decisionDate ? ` ngày ${formatDate(c.decisionDate)}` : ''}` : ''} · Đề xuất: ${c.nominators.map((r) => NOMINATOR_LABELS[r]).join(', ')}`}
      />
      {c.status === 'draft' && <StartCampaign campaign={c} />}
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'ung-vien' ? null : v })} keepMounted={false}>
        <Tabs.List mb="md">
          {Object.entries(TABS).map(([value, label]) => <Tabs.Tab key={value} value={value}>{label}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="ung-vien"><CandidatesTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="de-xuat"><NominationsTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="hoi-dong"><CouncilTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="ho-so"><FilesTab campaign={c} /></Tabs.Panel>
      </Tabs>
    </>
  );
}

function StartCampaign({ campaign: c }: { campaign: CampaignSummary }) {
  const session = useSession();
  const changed = useAwardsChanged();
  const [busy, setBusy] = useState(false);
  if (!session.can('awards.manage')) return <Alert mb="md" color="gray">Đợt thi đua chưa bắt đầu.</Alert>;
  return (
    <Alert mb="md" color="blue" title="Đợt thi đua chưa bắt đầu">
      <Text size="sm" mb="xs">Khi bắt đầu, tiêu chí hiện hành của từng danh hiệu được chốt vào đợt và hệ thống tính danh sách ứng viên.</Text>
      <Button leftSection={<IconPlayerPlay size={16} />} loading={busy} onClick={async () => {
        setBusy(true);
        try { await startCampaign(c.id, c.version); changed(); notifySaved('Đã bắt đầu đợt thi đua và tính danh sách ứng viên.'); } catch (e) { notifyError(e, 'Chưa bắt đầu được'); } finally { setBusy(false); }
      }}>Bắt đầu đợt</Button>
    </Alert>
  );
}

// ---- Candidates ----

function CandidatesTab({ campaign: c }: { campaign: CampaignSummary }) {
  const session = useSession();
  const [award, setAward] = useState<AwardTitle>(c.titles[0]?.award ?? 'citizen');
  const [shown, setShown] = useState(50);
  const candidates = useCandidates(c.id, award, c.status !== 'draft');
  const changed = useAwardsChanged();
  const [busy, setBusy] = useState(false);
  const role = nominatorRole(session.me.role);
  const mayNominate = c.status === 'running' && role !== null && c.nominators.includes(role) && session.can('awards.nominate');
  if (c.status === 'draft') return <Empty title="Chưa có ứng viên" description="Danh sách ứng viên được tính khi đợt thi đua bắt đầu." />;
  const title = c.titles.find((t) => t.award === award);
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Select aria-label="Danh hiệu" w={{ base: '100%', sm: 340 }} data={c.titles.map((t) => ({ value: t.award, label: `${AWARD_TITLE_LABELS[t.award]} (${formatNumber(candidates.data?.counts[t.award] ?? t.candidates)})` }))} value={award} onChange={(v) => { if (v) { setAward(v as AwardTitle); setShown(50); } }} allowDeselect={false} data-testid="candidate-award" />
        {session.can('awards.manage') && (
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy} onClick={async () => {
            setBusy(true);
            try { await recomputeCandidates(c.id); changed(); notifySaved('Đã tính lại danh sách ứng viên theo số liệu hiện tại.'); } catch (e) { notifyError(e, 'Chưa tính lại được'); } finally { setBusy(false); }
          }}>Tính lại ứng viên</Button>
        )}
      </Group>
      {title?.rule && (
        <Card withBorder padding="sm" bg="var(--mantine-color-gray-0)">
          <Text size="sm" fw={600}>Tiêu chí đã chốt (phiên bản {title.rule.version}) — {title.rule.combine === 'all' ? 'đạt tất cả' : 'đạt ít nhất một'}:</Text>
          <Text size="sm">{title.rule.conditions.map(conditionText).join('; ')}.</Text>
        </Card>
      )}
      {candidates.error ? <ErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} /> : candidates.isPending ? <LoadingBlock /> : (
        <>
          {candidates.data.run && (
            <Text size="sm" c="dimmed" data-testid="candidate-run">
              Lần tính thứ {candidates.data.run.runNo}, số liệu đến ngày {formatDate(candidates.data.run.asOf)} (tính lúc {formatDateTime(candidates.data.run.computedAt)}{candidates.data.run.computedBy ? `, ${candidates.data.run.computedBy}` : ''}).
            </Text>
          )}
          {candidates.data.run?.changes && <RunChanges changes={candidates.data.run.changes} />}
          {candidates.data.items.length === 0 ? <Empty title="Không có ứng viên đạt tiêu chí" description="Có thể đề xuất ngoài tiêu chí kèm lý do ở thẻ Đề xuất." /> : (
            <Stack gap="xs" data-testid="candidate-list">
              {candidates.data.items.slice(0, shown).map((k, i) => <CandidateRow key={k.id} rank={i + 1} candidate={k} campaign={c} mayNominate={mayNominate} />)}
              {candidates.data.items.length > shown && <Button variant="subtle" onClick={() => setShown(shown + 100)}>Xem thêm ({formatNumber(candidates.data.items.length - shown)} ứng viên)</Button>}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

function RunChanges({ changes }: { changes: NonNullable<NonNullable<ReturnType<typeof useCandidates>['data']>['run']>['changes'] & object }) {
  const none = !changes.added.length && !changes.removed.length && !changes.changed.length;
  return (
    <Alert color={none ? 'gray' : 'yellow'} title="Thay đổi so với lần tính trước" data-testid="run-changes">
      {none ? <Text size="sm">Không có thay đổi.</Text> : (
        <Stack gap={2}>
          {changes.added.length > 0 && <Text size="sm">Thêm {changes.added.length}: {changes.added.slice(0, 8).map((x) => x.subjectName).join(', ')}{changes.added.length > 8 ? ', …' : ''}</Text>}
          {changes.removed.length > 0 && <Text size="sm">Không còn đạt {changes.removed.length}: {changes.removed.slice(0, 8).map((x) => x.subjectName).join(', ')}{changes.removed.length > 8 ? ', …' : ''}</Text>}
          {changes.changed.length > 0 && <Text size="sm">Đổi số liệu {changes.changed.length}: {changes.changed.slice(0, 5).map((x) => `${x.subjectName} (${x.figures.map((f) => `${f.label}: ${String(f.before)} → ${String(f.after)}`).join('; ')})`).join(', ')}</Text>}
          <Text size="xs" c="dimmed">Các đề xuất đã gửi giữ nguyên số liệu minh chứng lúc đề xuất.</Text>
        </Stack>
      )}
    </Alert>
  );
}

function CandidateRow({ rank, candidate: k, campaign: c, mayNominate }: { rank: number; candidate: Candidate; campaign: CampaignSummary; mayNominate: boolean }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [nominating, setNominating] = useState(false);
  const inReach = !session.isVillageScoped || k.village.id === session.me.orgUnit.id;
  return (
    <Card withBorder padding="sm" data-testid="candidate">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" style={{ flex: '1 1 260px', minWidth: 0 }} wrap="nowrap">
          <Badge variant="light" color="gray" w={40}>{rank}</Badge>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor component="button" type="button" fw={600} c="inherit" onClick={() => setOpen(!open)} ta="left">{k.subjectName}</Anchor>
            <Text size="xs" c="dimmed">{k.village.name}{k.score !== null ? ` · điểm ${formatNumber(k.score)}` : ''}</Text>
          </Stack>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="subtle" onClick={() => setOpen(!open)}>{open ? 'Ẩn minh chứng' : 'Minh chứng'}</Button>
          {k.nominationId ? <Badge color="teal" variant="light">Đã đề xuất</Badge>
            : mayNominate && inReach && <Button size="xs" leftSection={<IconUserPlus size={14} />} onClick={() => setNominating(true)}>Đề xuất</Button>}
        </Group>
      </Group>
      <Collapse expanded={open}><Stack mt="xs"><EvidenceTable evidence={k.evidence} asOf={null} /></Stack></Collapse>
      {nominating && <NominateModal campaign={c} candidate={k} onClose={() => setNominating(false)} />}
    </Card>
  );
}

function NominateModal({ campaign: c, candidate, onClose }: { campaign: CampaignSummary; candidate?: Candidate; onClose: () => void }) {
  const changed = useAwardsChanged();
  const [id] = useState(() => uuidv7());
  const [award, setAward] = useState<AwardTitle>(candidate?.award ?? c.titles[0].award);
  const [q, setQ] = useState('');
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [achievement, setAchievement] = useState('');
  const [consent, setConsent] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const subjects = useSubjects(c.id, award, q, !candidate && q.trim().length >= 2);
  async function submit() {
    setSaving(true);
    setErrors({});
    try {
      await nominate(c.id, { id, award, candidateId: candidate?.id ?? null, subjectId: candidate ? null : subjectId, reason: candidate ? '' : reason, achievement, publicConsent: consent });
      changed();
      notifySaved('Đã gửi đề xuất khen thưởng.');
      onClose();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.path, f.message])) : { form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }
  return (
    <ResponsiveModal opened onClose={onClose} title={candidate ? `Đề xuất: ${candidate.subjectName}` : 'Đề xuất ngoài tiêu chí'} size="lg">
      <Stack gap="sm">
        {candidate ? (
          <>
            <Text size="sm">Danh hiệu <b>{AWARD_TITLE_LABELS[candidate.award]}</b> · {candidate.village.name}</Text>
            <EvidenceTable evidence={candidate.evidence} asOf={null} />
            <Text size="xs" c="dimmed">Số liệu minh chứng trên được giữ nguyên cùng đề xuất.</Text>
          </>
        ) : (
          <>
            <Select label="Danh hiệu" data={c.titles.map((t) => ({ value: t.award, label: AWARD_TITLE_LABELS[t.award] }))} value={award} onChange={(v) => { if (v) { setAward(v as AwardTitle); setSubjectId(null); } }} allowDeselect={false} error={errors.award} />
            <TextInput label="Tìm người / hộ / tổ / thôn" description="Gõ ít nhất 2 chữ của tên" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
            <Select
              label="Người/tập thể được đề xuất"
              required
              data={(subjects.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} — ${s.village.name}${s.detail ? ` (${s.detail})` : ''}` }))}
              value={subjectId}
              onChange={setSubjectId}
              placeholder={subjects.isFetching ? 'Đang tìm…' : 'Chọn trong kết quả tìm'}
              nothingFoundMessage="Không tìm thấy"
              error={errors.subjectId}
              data-testid="subject-select"
            />
            <Textarea label="Lý do đề xuất ngoài tiêu chí" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
          </>
        )}
        <Textarea label="Thành tích (đưa vào báo cáo thành tích)" autosize minRows={2} value={achievement} onChange={(e) => setAchievement(e.currentTarget.value)} error={errors.achievement} />
        <Switch label="Người/tập thể đồng ý công khai tên trên bảng vinh danh" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
        {(errors.form || errors.candidateId) && <Text c="red" size="sm">{errors.form ?? errors.candidateId}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button loading={saving} onClick={() => void submit()}>Gửi đề xuất</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

// ---- Nominations ----

function NominationsTab({ campaign: c }: { campaign: CampaignSummary }) {
  const session = useSession();
  const nominations = useNominations(c.id);
  const [outside, setOutside] = useState(false);
  const role = nominatorRole(session.me.role);
  const mayNominate = c.status === 'running' && role !== null && c.nominators.includes(role) && session.can('awards.nominate');
  return (
    <Stack gap="md">
      {mayNominate && <Group><Button variant="default" leftSection={<IconUserPlus size={16} />} onClick={() => setOutside(true)}>Đề xuất ngoài tiêu chí</Button></Group>}
      {nominations.error ? <ErrorAlert error={nominations.error} onRetry={() => void nominations.refetch()} /> : nominations.isPending ? <LoadingBlock /> :
        nominations.data.items.length === 0 ? <Empty title="Chưa có đề xuất" description={mayNominate ? 'Chọn ứng viên ở thẻ Ứng viên và bấm “Đề xuất”.' : undefined} /> : (
          <Stack gap="lg" data-testid="nomination-list">
            {AWARD_TITLES.filter((t) => nominations.data.items.some((n) => n.award === t)).map((t) => (
              <Stack key={t} gap="xs">
                <Title order={3} fz="md">{AWARD_TITLE_LABELS[t]}</Title>
                {nominations.data.items.filter((n) => n.award === t).map((n) => <NominationRow key={n.id} campaign={c} nomination={n} />)}
              </Stack>
            ))}
          </Stack>
        )}
      {outside && <NominateModal campaign={c} onClose={() => setOutside(false)} />}
    </Stack>
  );
}

function NominationRow({ campaign: c, nomination: n }: { campaign: CampaignSummary; nomination: NominationView }) {
  const session = useSession();
  const changed = useAwardsChanged();
  const [open, setOpen] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    try { await work(); changed(); notifySaved(done); return true; } catch (e) { setError(errorMessage(e)); return false; }
  };
  const mayRevoke = n.status === 'awarded' && (session.can('awards.manage') || session.can('awards.decide'));
  return (
    <Card withBorder padding="sm" data-testid="nomination">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={0} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs"><Text fw={600}>{n.subjectName}</Text>{n.outsideCriteria && <Badge color="orange" variant="light">Ngoài tiêu chí</Badge>}</Group>
          <Text size="xs" c="dimmed">{n.village.name} · {NOMINATOR_LABELS[n.nominatorRole as NominatorRole]?.replace(/ \(.*\)$/, '') ?? n.nominatorRole} ({n.nominatedBy}), {formatDate(n.nominatedAt.slice(0, 10))}
            {n.votesFor !== null ? ` · ${n.votesFor} phiếu` : ''}{n.decisionNumber ? ` · QĐ ${n.decisionNumber}` : ''}</Text>
        </Stack>
        <Group gap="xs">
          <NominationStatusBadge status={n.status} />
          <Button size="xs" variant="subtle" onClick={() => setOpen(!open)}>{open ? 'Thu gọn' : 'Chi tiết'}</Button>
        </Group>
      </Group>
      <Collapse expanded={open}>
        <Stack gap="xs" mt="xs">
          {n.outsideCriteria && <Text size="sm"><b>Lý do:</b> {n.reason}</Text>}
          {n.achievement && <Text size="sm"><b>Thành tích:</b> {n.achievement}</Text>}
          <EvidenceTable evidence={n.evidence} asOf={n.asOf} />
          <Switch
            label="Đồng ý công khai trên bảng vinh danh"
            checked={n.publicConsent}
            disabled={!(session.can('awards.nominate') || session.can('awards.manage'))}
            onChange={(e) => void act(() => setConsent(c.id, n, e.currentTarget.checked), 'Đã ghi ý kiến công khai.')}
          />
          <Group gap="xs">
            {n.status === 'nominated' && session.can('awards.nominate') && <Button size="xs" variant="default" onClick={() => void act(() => withdraw(c.id, n), 'Đã rút đề xuất.')}>Rút đề xuất</Button>}
            {mayRevoke && <Button size="xs" color="red" variant="light" onClick={() => setRevoking(true)}>Thu hồi khen thưởng</Button>}
          </Group>
          {error && <Text c="red" size="sm">{error}</Text>}
        </Stack>
      </Collapse>
      {revoking && (
        <ResponsiveModal opened onClose={() => setRevoking(false)} title={`Thu hồi khen thưởng: ${n.subjectName}`}>
          <Stack>
            <Textarea label="Lý do thu hồi" required autosize minRows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="Ví dụ: số liệu kê khai không đúng sự thật" error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(false)}>Hủy</Button>
              <Button color="red" onClick={async () => { if (await act(() => revoke(c.id, n, reason), 'Đã thu hồi khen thưởng; lý do được lưu trong lịch sử.')) setRevoking(false); }}>Thu hồi</Button>
            </Group>
          </Stack>
        </ResponsiveModal>
      )}
    </Card>
  );
}

// ---- Council and decision ----

function CouncilTab({ campaign: c }: { campaign: CampaignSummary }) {
  const session = useSession();
  const council = useCouncil(c.id);
  const nominations = useNominations(c.id);
  if (council.error) return <ErrorAlert error={council.error} onRetry={() => void council.refetch()} />;
  if (council.isPending || nominations.isPending) return <LoadingBlock />;
  const items = nominations.data?.items ?? [];
  const m = council.data.meeting;
  const chosenOpen = items.filter((n) => n.status === 'chosen');
  return (
    <Stack gap="md">
      {m ? (
        <Card withBorder data-testid="meeting">
          <Title order={3} fz="md" mb="xs">Họp Hội đồng Thi đua - Khen thưởng ngày {formatDate(m.heldOn)}</Title>
          <Text size="sm">{m.place ? `${m.place} · ` : ''}Chủ trì: {m.chair}{m.secretary ? ` · Thư ký: ${m.secretary}` : ''}</Text>
          <Text size="sm">Có mặt {m.membersPresent}/{m.membersTotal} thành viên{m.presentNames.length ? `: ${m.presentNames.join(', ')}` : ''}</Text>
          {m.notes && <Text size="sm" mt={4}>{m.notes}</Text>}
          <Table.ScrollContainer minWidth={520} mt="sm" type="native" tabIndex={0} aria-label="Kết quả biểu quyết">
            <Table fz="sm">
              <Table.Thead><Table.Tr><Table.Th>Người/tập thể</Table.Th><Table.Th>Danh hiệu</Table.Th><Table.Th ta="right">Phiếu đồng ý</Table.Th><Table.Th>Kết quả</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {items.filter((n) => n.votesFor !== null).map((n) => (
                  <Table.Tr key={n.id}><Table.Td>{n.subjectName}</Table.Td><Table.Td>{AWARD_TITLE_LABELS[n.award]}</Table.Td><Table.Td ta="right">{n.votesFor}/{m.membersPresent}</Table.Td><Table.Td><NominationStatusBadge status={n.status} /></Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ) : session.can('awards.manage') && c.status !== 'draft' ? (
        <MeetingForm campaign={c} pending={items.filter((n) => n.status === 'nominated')} />
      ) : (
        <Empty title="Hội đồng chưa họp xét" />
      )}
      {council.data.decisions.map((d) => (
        <Card key={d.id} withBorder data-testid="decision">
          <Group gap="xs"><IconAward size={20} /><Text fw={600}>Quyết định số {d.number} ngày {formatDate(d.decidedOn)}</Text></Group>
          <Text size="sm">{DECISION_FORM_LABELS[d.form]} · {d.count} người/tập thể · {d.signerTitle} {d.signerName}</Text>
        </Card>
      ))}
      {session.can('awards.decide') && chosenOpen.length > 0 && <DecisionForm campaign={c} chosen={chosenOpen} />}
      {council.data.history.length > 0 && (
        <Card withBorder>
          <Title order={3} fz="md" mb="xs">Lịch sử</Title>
          <Stack gap={4} data-testid="award-history">
            {council.data.history.slice(0, 60).map((h, i) => (
              <Text key={i} size="sm"><Text span c="dimmed" size="xs">{formatDateTime(h.at)} · {h.account ?? 'Hệ thống'} · </Text>{HISTORY_LABELS[h.action] ?? h.action}{h.subjectName ? `: ${h.subjectName}` : ''}{h.detail ? ` — ${h.detail}` : ''}</Text>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

const HISTORY_LABELS: Record<string, string> = {
  created: 'Lập đợt thi đua', started: 'Bắt đầu đợt, chốt tiêu chí', candidates: 'Tính ứng viên', nominated: 'Đề xuất', consent: 'Ý kiến công khai', withdrawn: 'Rút đề xuất',
  chosen: 'Hội đồng chọn', not_chosen: 'Hội đồng không chọn', meeting: 'Họp Hội đồng', awarded: 'Khen thưởng', revoked: 'Thu hồi khen thưởng',
};

function MeetingForm({ campaign: c, pending }: { campaign: CampaignSummary; pending: NominationView[] }) {
  const changed = useAwardsChanged();
  const [heldOn, setHeldOn] = useState<string | null>(todayInVietnam());
  const [place, setPlace] = useState('Phòng họp UBND xã');
  const [chair, setChair] = useState('');
  const [secretary, setSecretary] = useState('');
  const [membersTotal, setTotal] = useState<number>(7);
  const [membersPresent, setPresent] = useState<number>(7);
  const [names, setNames] = useState('');
  const [notes, setNotes] = useState('');
  const [votes, setVotes] = useState(() => Object.fromEntries(pending.map((n) => [n.id, { votesFor: 0, chosen: false }])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  if (!pending.length) return <Empty title="Chưa có đề xuất chờ Hội đồng xét" />;
  async function submit() {
    setSaving(true);
    setErrors({});
    try {
      await recordMeeting(c.id, {
        heldOn: heldOn ?? '', place, chair, secretary, membersTotal, membersPresent, notes,
        presentNames: names.split('\n').map((s) => s.trim()).filter(Boolean),
        votes: pending.map((n) => ({ nominationId: n.id, ...votes[n.id] })),
      });
      changed();
      notifySaved('Đã ghi biên bản họp Hội đồng.');
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.path, f.message])) : { form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }
  const voteError = (i: number) => errors[`votes.${i}.votesFor`];
  return (
    <Card withBorder data-testid="meeting-form">
      <Title order={3} fz="md" mb="sm">Ghi cuộc họp Hội đồng Thi đua - Khen thưởng</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <VnDateInput label="Ngày họp" required value={heldOn} onChange={setHeldOn} error={errors.heldOn} />
        <TextInput label="Địa điểm" value={place} onChange={(e) => setPlace(e.currentTarget.value)} />
        <TextInput label="Chủ trì" required value={chair} onChange={(e) => setChair(e.currentTarget.value)} error={errors.chair} />
        <TextInput label="Thư ký" value={secretary} onChange={(e) => setSecretary(e.currentTarget.value)} />
        <NumberInput label="Số thành viên hội đồng" required min={1} value={membersTotal} onChange={(v) => setTotal(Number(v) || 0)} error={errors.membersTotal} />
        <NumberInput label="Số thành viên có mặt" required min={1} value={membersPresent} onChange={(v) => setPresent(Number(v) || 0)} error={errors.membersPresent} />
      </SimpleGrid>
      <Textarea mt="sm" label="Thành viên có mặt (mỗi người một dòng)" autosize minRows={2} value={names} onChange={(e) => setNames(e.currentTarget.value)} error={errors.presentNames} />
      <Title order={4} fz="sm" mt="md" mb="xs">Kết quả biểu quyết</Title>
      {errors.votes && <Text c="red" size="sm" mb="xs">{errors.votes}</Text>}
      <Stack gap="xs" data-testid="vote-rows">
        {pending.map((n, i) => (
          <Group key={n.id} gap="sm" wrap="wrap" align="flex-start">
            <Stack gap={0} style={{ flex: '1 1 240px' }}><Text size="sm" fw={600}>{n.subjectName}</Text><Text size="xs" c="dimmed">{AWARD_TITLE_LABELS[n.award]} · {n.village.name}</Text></Stack>
            <NumberInput aria-label={`Số phiếu đồng ý: ${n.subjectName}`} w={120} min={0} value={votes[n.id].votesFor} onChange={(v) => setVotes({ ...votes, [n.id]: { ...votes[n.id], votesFor: Number(v) || 0 } })} error={voteError(i)} />
            <Checkbox mt={8} label="Chọn" aria-label={`Chọn: ${n.subjectName}`} checked={votes[n.id].chosen} onChange={(e) => setVotes({ ...votes, [n.id]: { ...votes[n.id], chosen: e.currentTarget.checked } })} />
          </Group>
        ))}
      </Stack>
      <Textarea mt="sm" label="Kết luận của Hội đồng" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      {errors.form && <Text c="red" size="sm" mt="xs">{errors.form}</Text>}
      <Group justify="flex-end" mt="md"><Button loading={saving} onClick={() => void submit()}>Ghi biên bản họp</Button></Group>
    </Card>
  );
}

function DecisionForm({ campaign: c, chosen }: { campaign: CampaignSummary; chosen: NominationView[] }) {
  const session = useSession();
  const changed = useAwardsChanged();
  const [id] = useState(() => uuidv7());
  const [number, setNumber] = useState('');
  const [decidedOn, setDecidedOn] = useState<string | null>(todayInVietnam());
  const [form, setForm] = useState<DecisionForm>('commune_certificate');
  const [signerName, setSignerName] = useState(session.me.fullName);
  const [signerTitle, setSignerTitle] = useState('Chủ tịch');
  const [ids, setIds] = useState<string[]>(chosen.map((n) => n.id));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  async function submit() {
    setSaving(true);
    setErrors({});
    try {
      await decide(c.id, { id, number, decidedOn: decidedOn ?? '', form, signerName, signerTitle, nominationIds: ids });
      changed();
      notifySaved('Đã ghi quyết định khen thưởng.');
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.path.split('.')[0], f.message])) : { _form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card withBorder data-testid="decision-form">
      <Title order={3} fz="md" mb="sm">Quyết định khen thưởng</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Số quyết định" required placeholder="245/QĐ-UBND" value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={errors.number} />
        <VnDateInput label="Ngày quyết định" required value={decidedOn} onChange={setDecidedOn} error={errors.decidedOn} />
        <Select label="Hình thức khen thưởng" data={Object.entries(DECISION_FORM_LABELS).map(([value, label]) => ({ value, label }))} value={form} onChange={(v) => v && setForm(v as DecisionForm)} allowDeselect={false} error={errors.form} />
        <Group grow>
          <TextInput label="Người ký" required value={signerName} onChange={(e) => setSignerName(e.currentTarget.value)} error={errors.signerName} />
          <TextInput label="Chức vụ" required value={signerTitle} onChange={(e) => setSignerTitle(e.currentTarget.value)} error={errors.signerTitle} />
        </Group>
      </SimpleGrid>
      <Checkbox.Group mt="sm" label="Người/tập thể được khen thưởng (Hội đồng đã chọn)" value={ids} onChange={setIds} error={errors.nominationIds}>
        <Stack gap={4} mt={6}>{chosen.map((n) => <Checkbox key={n.id} value={n.id} label={`${n.subjectName} — ${AWARD_TITLE_LABELS[n.award]} (${n.village.name})`} />)}</Stack>
      </Checkbox.Group>
      {errors._form && <Text c="red" size="sm" mt="xs">{errors._form}</Text>}
      <Group justify="flex-end" mt="md"><Button loading={saving} onClick={() => void submit()}>Ký quyết định khen thưởng</Button></Group>
    </Card>
  );
}

// ---- Files and honour board ----

function FilesTab({ campaign: c }: { campaign: CampaignSummary }) {
  const session = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const mayDownload = session.can('awards.manage') || session.can('awards.decide');
  const download = async (file: string) => {
    setBusy(file);
    try { await downloadFile(`/api/awards/campaigns/${c.id}/${file}`, undefined, file); } catch (e) { notifyError(e, 'Chưa tải được'); } finally { setBusy(null); }
  };
  return (
    <Stack gap="md">
      {mayDownload ? (
        <Card withBorder>
          <Title order={3} fz="md" mb="xs">Hồ sơ đề nghị khen thưởng gửi Sở KH&CN</Title>
          <Text size="sm" c="dimmed" mb="sm">Tờ trình kèm danh sách, biên bản họp Hội đồng, báo cáo thành tích của từng người/tập thể với số liệu minh chứng — theo thể thức Nghị định 30/2020/NĐ-CP.</Text>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconFileTypeDocx size={18} />} loading={busy === 'ho-so.docx'} onClick={() => void download('ho-so.docx')}>Tải hồ sơ (.docx)</Button>
            <Button variant="default" leftSection={<IconFileTypeXls size={18} />} loading={busy === 'danh-sach.xlsx'} onClick={() => void download('danh-sach.xlsx')}>Tải danh sách (.xlsx)</Button>
            <Button variant="default" leftSection={<IconCertificate size={18} />} loading={busy === 'giay-khen.docx'} onClick={() => void download('giay-khen.docx')}>In giấy khen (.docx)</Button>
          </Group>
        </Card>
      ) : <Alert color="gray">Hồ sơ khen thưởng do Phòng Văn hóa - Xã hội và lãnh đạo UBND xã tải.</Alert>}
      <Card withBorder>
        <Title order={3} fz="md" mb="xs">Bảng vinh danh</Title>
        <Text size="sm" c="dimmed" mb="sm">Trang in để dán tại nhà văn hóa thôn: chỉ tên và thôn của người/tập thể được khen và đồng ý công khai (không có dân tộc, số định danh).</Text>
        <Button component={Link} to={`/thi-dua/${c.id}/bang-vinh-danh`} variant="light" leftSection={<IconPrinter size={18} />}>Mở bảng vinh danh</Button>
      </Card>
    </Stack>
  );
}
