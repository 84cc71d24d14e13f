// One communication activity: recorded at the desk (/truyen-thong/moi), read and corrected
// (/truyen-thong/:id). The form offers only the channels the chosen villages have, the
// measures of the chosen channel, and for a village meeting the households present.
import { Alert, Anchor, Badge, Button, Card, Divider, Group, Image, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertCircle, IconEdit, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  COMM_CHANNEL_LABELS,
  COMM_CHANNELS,
  COMM_PHASE_LABELS,
  COMM_TOPIC_LABELS,
  HOUSEHOLD_TICK_CHANNEL,
  activityIssues,
  describeMeasures,
  isVillageChannel,
  type CommActivityView,
  type CommChannel,
  type CommMeasures,
  type CommPhase,
  type CommTopic,
} from '../../../shared/communication.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { ApiError } from '../../app/api.ts';
import { formatDate, formatDateTime, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifyError, notifySaved, stripLabel } from '../../components/forms.ts';
import { useLeaveGuard } from '../../components/hooks.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { ChannelBadge, ChannelSelect, MeasureInputs, PhaseRadios, TopicChips, measuresFor } from './ActivityFields.tsx';
import { DeskHouseholdTicks } from './HouseholdTicks.tsx';
import { PhotoStrip, type StripPhoto } from './PhotoStrip.tsx';
import { EvidenceFileError, prepareEvidenceFile } from '../../components/image-reduce.ts';
import { uploadEvidence } from '../attachments/attachments.api.ts';
import { attachmentUrl } from '../../../shared/attachments.ts';
import { createActivity, deleteActivity, updateActivity, useActivity, useCampaigns, useCommChanged, useVillageChannels } from './communication.api.ts';

interface Draft {
  activityOn: string;
  villageIds: number[];
  channel: CommChannel | null;
  phase: CommPhase;
  topics: CommTopic[];
  campaignId: string | null;
  ranBy: string;
  measures: CommMeasures;
  attendedHouseholdIds: string[];
  notes: string;
  photos: StripPhoto[];
}

function draftOf(view: CommActivityView): Draft {
  return {
    activityOn: view.activityOn, villageIds: view.villages.map((v) => v.id), channel: view.channel, phase: view.phase, topics: view.topics,
    campaignId: view.campaign?.id ?? null, ranBy: view.ranBy, measures: view.measures, attendedHouseholdIds: view.attendedHouseholds.map((h) => h.id), notes: view.notes ?? '',
    photos: view.photos.map((p) => ({ id: p.id, src: attachmentUrl(p.id) })),
  };
}

function ActivityForm({ initial, existing, onSaved, onCancel }: { initial: Draft; existing?: CommActivityView; onSaved: (view: CommActivityView) => void; onCancel: () => void }) {
  const session = useSession();
  const { me } = session;
  const { tree } = useOrgUnits();
  const commune = me.orgUnit.level === 'village' ? undefined : me.orgUnit.id;
  const channels = useVillageChannels(commune);
  const campaigns = useCampaigns({ orgUnitId: commune });
  const changed = useCommChanged();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [uploading, setUploading] = useState(false);
  const blocker = useLeaveGuard(dirty && !saving);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  // What the chosen villages lack, from Phòng VH-XH's settings: those channels are not offered.
  const lacking = useMemo(() => {
    const out = new Map<CommChannel, string[]>();
    for (const v of channels.data ?? []) {
      if (!draft.villageIds.includes(v.villageId)) continue;
      for (const c of v.channels) if (!c.available) out.set(c.channel, [...(out.get(c.channel) ?? []), v.name]);
    }
    return out;
  }, [channels.data, draft.villageIds]);
  const offered = COMM_CHANNELS.filter((c) => !lacking.has(c) && (draft.villageIds.length > 0 || !isVillageChannel(c)));
  const lackingNote = lacking.size ? [...lacking.entries()].map(([c, names]) => `${names.join(', ')} không có ${COMM_CHANNEL_LABELS[c].toLocaleLowerCase('vi')}`).join('; ') : null;
  const villages = session.isVillageScoped ? tree.villages.filter((v) => v.id === me.orgUnit.id) : tree.villages;
  const running = (campaigns.data ?? []).filter((c) => !draft.activityOn || (c.startsOn <= draft.activityOn && c.endsOn >= draft.activityOn));

  // The desk is online: a picked photo is reduced and sent at once; the activity then claims it.
  const addPhotos = async (files: File[]) => {
    setUploading(true);
    setErrors((e) => ({ ...e, photoIds: '' }));
    try {
      for (const file of files) {
        const prepared = await prepareEvidenceFile(file, { imagesOnly: true });
        const stored = await uploadEvidence(prepared);
        setDraft((d) => ({ ...d, photos: [...d.photos, { id: stored.id, src: attachmentUrl(stored.id) }] }));
        setDirty(true);
      }
    } catch (error) {
      setErrors((e) => ({ ...e, photoIds: error instanceof EvidenceFileError || error instanceof ApiError ? error.message.replace(/^Tệp: /, '') : 'Không gửi được ảnh.' }));
    } finally {
      setUploading(false);
    }
  };

  const save = async () => {
    const channel = draft.channel;
    if (!channel) {
      setErrors({ channel: 'Chọn một hình thức truyền thông.' });
      return;
    }
    const fields = {
      campaignId: draft.campaignId,
      orgUnitId: draft.villageIds.length ? null : (commune ?? null),
      activityOn: draft.activityOn,
      villageIds: draft.villageIds,
      channel,
      phase: draft.phase,
      topics: draft.topics,
      ranBy: draft.ranBy.trim(),
      ranByMemberId: null,
      measures: measuresFor(channel, draft.measures),
      attendedHouseholdIds: channel === HOUSEHOLD_TICK_CHANNEL ? draft.attendedHouseholdIds : [],
      photoIds: draft.photos.map((p) => p.id),
      notes: draft.notes.trim() || null,
    };
    const found = activityIssues(fields);
    if (!fields.topics.length) found.push({ path: 'topics', message: 'Nội dung: Chọn ít nhất một nội dung tuyên truyền.' });
    if (!fields.ranBy) found.push({ path: 'ranBy', message: 'Người, đơn vị thực hiện: Ghi người hoặc đơn vị thực hiện.' });
    if (found.length) {
      setErrors(Object.fromEntries(found.map((i) => [i.path, i.message.replace(/^[^:]+: /, '')])));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const view = existing
        ? await updateActivity(existing.id, { ...fields, version: existing.version })
        : await createActivity({ ...fields, id: uuidv7() });
      changed();
      setDirty(false);
      notifySaved(existing ? 'Đã lưu thay đổi.' : 'Đã ghi hoạt động truyền thông.');
      onSaved(view);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        setErrors(Object.fromEntries(error.fields.map((f) => [f.path.replace(/\.\d+$/, ''), stripLabel(f.path, f.message)])));
      }
      notifyError(error, 'Chưa lưu được hoạt động');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card padding="lg" component="form" onSubmit={(e: React.FormEvent) => { e.preventDefault(); void save(); }} data-testid="activity-form">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <VnDateInput label="Ngày thực hiện" required value={draft.activityOn} onChange={(v) => set({ activityOn: v ?? '' })} maxDate={todayInVietnam()} minDate="2025-01-01" error={errors.activityOn} data-testid="activity-date" />
          <MultiSelect
            label="Thôn"
            description={session.isVillageScoped ? undefined : 'Để trống với tin, bài hay bài đăng của xã'}
            data={villages.map((v) => ({ value: String(v.id), label: v.name }))}
            value={draft.villageIds.map(String)}
            onChange={(v) => set({ villageIds: v.map(Number), attendedHouseholdIds: [] })}
            searchable
            clearable={!session.isVillageScoped}
            error={errors.villageIds}
            comboboxProps={{ withinPortal: true }}
            data-testid="activity-villages"
          />
          <ChannelSelect
            value={draft.channel && offered.includes(draft.channel) ? draft.channel : null}
            onChange={(c) => set({ channel: c, measures: c ? measuresFor(c, draft.measures) : {} })}
            channels={offered}
            error={errors.channel}
            lackingNote={lackingNote}
          />
          <Select
            label="Đợt truyền thông"
            placeholder={running.length ? 'Không thuộc đợt nào' : 'Không có đợt nào vào ngày này'}
            clearable
            data={running.map((c) => ({ value: c.id, label: c.name }))}
            value={draft.campaignId}
            onChange={(v) => set({ campaignId: v })}
            error={errors.campaignId}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <PhaseRadios value={draft.phase} onChange={(phase) => set({ phase })} error={errors.phase} />
        <TopicChips value={draft.topics} onChange={(topics) => set({ topics })} error={errors.topics} />
        <TextInput label="Người, đơn vị thực hiện" required value={draft.ranBy} onChange={(e) => set({ ranBy: e.currentTarget.value })} error={errors.ranBy} maxLength={200} data-testid="activity-ran-by" />
        {draft.channel && (
          <>
            <Divider label={`Kết quả: ${COMM_CHANNEL_LABELS[draft.channel]}`} labelPosition="left" />
            <MeasureInputs channel={draft.channel} value={draft.measures} onChange={(measures) => set({ measures })} errors={errors} />
          </>
        )}
        {draft.channel === HOUSEHOLD_TICK_CHANNEL && (
          draft.villageIds.length ? (
            <DeskHouseholdTicks villageIds={draft.villageIds} value={draft.attendedHouseholdIds} onChange={(ids) => set({ attendedHouseholdIds: ids })} error={errors.attendedHouseholdIds} />
          ) : (
            <Text size="sm" c="dimmed">Chọn thôn để đánh dấu các hộ có mặt.</Text>
          )
        )}
        {draft.channel === 'household' && (
          <Alert color="blue" variant="light" icon={<IconAlertCircle />}>
            Tuyên truyền tại hộ ghi ở đây là số lượt hộ (số liệu tham khảo). Để hộ được tính vào chỉ tiêu TT, ghi lượt hỗ trợ tại hộ có đánh dấu «Đã thông tin về chương trình».
          </Alert>
        )}
        <Textarea label="Ghi chú" autosize minRows={2} maxLength={2000} value={draft.notes} onChange={(e) => set({ notes: e.currentTarget.value })} error={errors.notes} />
        <PhotoStrip
          photos={draft.photos}
          onAdd={(files) => void addPhotos(files)}
          onRemove={(id) => set({ photos: draft.photos.filter((p) => p.id !== id) })}
          busy={uploading}
          error={errors.photoIds}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>Hủy</Button>
          <Button type="submit" loading={saving} disabled={uploading} data-testid="save-activity">{existing ? 'Lưu thay đổi' : 'Ghi hoạt động'}</Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title="Bỏ những gì đã nhập?"
        confirmLabel="Rời trang"
      >
        Hoạt động chưa được lưu. Rời trang thì những gì đã nhập sẽ mất.
      </ConfirmModal>
    </Card>
  );
}

export function NewActivityPage() {
  const navigate = useNavigate();
  const { me } = useSession();
  const initial: Draft = {
    activityOn: todayInVietnam(),
    villageIds: me.orgUnit.level === 'village' ? [me.orgUnit.id] : [],
    channel: null,
    phase: 'during',
    topics: [],
    campaignId: null,
    ranBy: me.orgUnit.level === 'village' ? `${me.roleLabel} ${me.fullName}` : me.roleLabel,
    measures: {},
    attendedHouseholdIds: [],
    notes: '',
    photos: [],
  };
  return (
    <>
      <PageHeader title="Ghi hoạt động truyền thông" crumbs={[{ label: 'Truyền thông', to: '/truyen-thong' }, { label: 'Ghi hoạt động' }]} />
      <ActivityForm initial={initial} onSaved={(view) => navigate(`/truyen-thong/${view.id}`, { replace: true })} onCancel={() => navigate('/truyen-thong')} />
    </>
  );
}

function Detail({ view }: { view: CommActivityView }) {
  const row = (label: string, value: React.ReactNode) => (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" w={170} style={{ flexShrink: 0 }}>{label}</Text>
      <Text size="sm" component="div" style={{ minWidth: 0 }}>{value}</Text>
    </Group>
  );
  return (
    <Stack gap="md">
      <Card padding="lg" data-testid="activity-detail">
        <Stack gap={8}>
          {row('Hình thức', <ChannelBadge channel={view.channel} />)}
          {row('Ngày thực hiện', formatDate(view.activityOn))}
          {row('Thôn', view.villages.length ? view.villages.map((v) => v.name).join(', ') : 'Toàn xã')}
          {row('Thời điểm', COMM_PHASE_LABELS[view.phase])}
          {row('Nội dung', view.topics.map((t) => COMM_TOPIC_LABELS[t]).join('; '))}
          {row('Đợt truyền thông', view.campaign ? <Anchor component={Link} to={`/truyen-thong?dot=${view.campaign.id}&thang=${view.activityOn.slice(0, 7)}`}>{view.campaign.name}</Anchor> : '—')}
          {row('Người thực hiện', view.ranBy)}
          {row('Kết quả', <Text size="sm" fw={600} className="num">{describeMeasures(view.channel, view.measures)}</Text>)}
          {view.measures.postUrl && row('Bài đăng', <Anchor href={view.measures.postUrl} target="_blank" rel="noopener noreferrer">{view.measures.postUrl}</Anchor>)}
          {view.measures.url && row('Tin, bài', <Anchor href={view.measures.url} target="_blank" rel="noopener noreferrer">{view.measures.url}</Anchor>)}
          {view.notes && row('Ghi chú', <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{view.notes}</Text>)}
          {row('Người ghi', `${view.recordedBy} · ${formatDateTime(view.recordedAt)}${view.fromPhone ? ' (từ điện thoại)' : ''}`)}
        </Stack>
      </Card>
      {view.photos.length > 0 && (
        <Card padding="lg" data-testid="activity-photos">
          <Title order={2} fz={17} mb="sm">Ảnh minh chứng</Title>
          <Group gap="sm">
            {view.photos.map((p, i) => (
              <Anchor key={p.id} href={attachmentUrl(p.id)} target="_blank" rel="noopener noreferrer">
                <Image src={attachmentUrl(p.id)} alt={`Ảnh ${i + 1}`} h={150} w={200} fit="cover" radius="sm" />
              </Anchor>
            ))}
          </Group>
        </Card>
      )}
      {view.channel === HOUSEHOLD_TICK_CHANNEL && (
        <Card padding="lg" data-testid="activity-households">
          <Title order={2} fz={17} mb="xs">Hộ có mặt <Text span c="dimmed" className="num">({formatNumber(view.householdCount)} hộ)</Text></Title>
          <Text size="sm" c="dimmed" mb="sm">Các hộ này được tính là đã được thông tin (chỉ tiêu TT) từ ngày {formatDate(view.activityOn)}.</Text>
          {view.attendedHouseholds.length ? (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing={4}>
              {view.attendedHouseholds.map((h) => (
                <Text key={h.id} size="sm"><Anchor component={Link} to={`/ho-gia-dinh/${h.id}`}>{h.label}</Anchor>{h.address.trim() && <Text span size="xs" c="dimmed"> · {h.address}</Text>}</Text>
              ))}
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">{view.householdCount ? 'Danh sách hộ chỉ hiện với người được xem sổ hộ.' : 'Chưa đánh dấu hộ nào.'}</Text>
          )}
        </Card>
      )}
    </Stack>
  );
}

export function ActivityPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const query = useActivity(id);
  const changed = useCommChanged();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const view = query.data;
  const crumbs = [{ label: 'Truyền thông', to: '/truyen-thong' }, { label: 'Hoạt động' }];
  if (query.error) return <DetailError error={query.error} onRetry={() => void query.refetch()} notFoundTitle="Không tìm thấy hoạt động" />;
  if (!view) return <LoadingBlock />;
  const title = `${COMM_CHANNEL_LABELS[view.channel]} · ${formatDate(view.activityOn)}`;

  const remove = async () => {
    setDeleting(true);
    try {
      await deleteActivity(view.id, view.version);
      changed();
      notifySaved('Đã xóa hoạt động.');
      navigate('/truyen-thong', { replace: true });
    } catch (error) {
      notifyError(error, 'Chưa xóa được');
    } finally {
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  return (
    <>
      <PageHeader
        title={title}
        crumbs={crumbs}
        badge={view.fromPhone ? <Badge variant="outline" color="gray">Ghi từ điện thoại</Badge> : undefined}
        actions={view.can.edit && !editing ? (
          <>
            <Button leftSection={<IconEdit size={18} />} variant="light" onClick={() => setEditing(true)} data-testid="edit-activity">Sửa</Button>
            <Button leftSection={<IconTrash size={18} />} variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>Xóa</Button>
          </>
        ) : undefined}
      />
      {editing ? (
        <ActivityForm
          initial={draftOf(view)}
          existing={view}
          onSaved={(next) => {
            query.refetch();
            setEditing(false);
            void next;
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <Detail view={view} />
      )}
      <ConfirmModal opened={confirmDelete} onClose={() => setConfirmDelete(false)} onConfirm={() => void remove()} title="Xóa hoạt động này?" confirmLabel="Xóa hoạt động" loading={deleting}>
        Hoạt động ghi nhầm sẽ bị xóa{view.householdCount ? `; ${view.householdCount} hộ đã đánh dấu có mặt không còn được tính là đã được thông tin nhờ cuộc họp này` : ''}. Việc xóa được ghi vào nhật ký.
      </ConfirmModal>
    </>
  );
}
