// Record a communication activity on the phone, with no signal if need be: the date, one of the
// channels the village has, the measures of that channel, for a village meeting the households
// present ticked from the village's list, and photos (reduced on the phone, kept with the
// activity until sent). Checked here as the server checks it, then saved on the phone.
import { Alert, Button, Card, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  COMM_CHANNEL_LABELS,
  FIRST_ACTIVITY_DATE,
  HOUSEHOLD_TICK_CHANNEL,
  activityIssues,
  type CommActivityInput,
  type CommChannel,
  type CommMeasures,
  type CommPhase,
  type CommTopic,
} from '../../shared/communication.ts';
import { todayInVietnam } from '../../shared/calendar.ts';
import { EvidenceFileError, reducePhoto, type EvidenceFile } from '../components/image-reduce.ts';
import { ChannelSelect, MeasureInputs, PhaseRadios, TopicChips, measuresFor } from '../features/communication/ActivityFields.tsx';
import { HouseholdTickList, type TickableHousehold } from '../features/communication/HouseholdTicks.tsx';
import { PhotoStrip } from '../features/communication/PhotoStrip.tsx';
import { useFieldSession } from './field-context.ts';
import { recordCommActivity } from './field-communication.ts';
import { useVillageData } from './field-data.ts';
import { getMeta } from './field-db.ts';
import { householdPlace, householdTitle } from './field-rules.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { getSyncSnapshot } from './sync-engine.ts';

interface Photo {
  id: string;
  file: EvidenceFile;
  src: string;
}

export default function FieldActivityPage() {
  useDocumentTitle('Ghi hoạt động truyền thông · Tổ CNSCĐ');
  const navigate = useNavigate();
  const { account, village, memberId } = useFieldSession();
  const communication = useLiveQuery(() => getMeta('communication'), []);
  const data = useVillageData();
  const today = todayInVietnam();
  const [activityOn, setActivityOn] = useState(today);
  const [channel, setChannel] = useState<CommChannel | null>(null);
  const [phase, setPhase] = useState<CommPhase>('during');
  const [topics, setTopics] = useState<CommTopic[]>([]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [ranBy, setRanBy] = useState(`${account.roleLabel} ${account.fullName}`);
  const [measures, setMeasures] = useState<CommMeasures>({});
  const [ticked, setTicked] = useState<string[]>([]);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reducing, setReducing] = useState(false);
  const [saving, setSaving] = useState(false);

  // Object URLs of the thumbnails go with the page.
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.src)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const households = useMemo<TickableHousehold[]>(() => (data
    ? data.households
      .map((h) => ({ id: h.id, label: householdTitle(h, data.membersOf.get(h.id) ?? []), detail: householdPlace(h) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'vi'))
    : []), [data]);

  if (communication === undefined && data === undefined) return null;
  if (!communication || !village) {
    return (
      <Stack>
        <FieldTitle title="Ghi hoạt động truyền thông" />
        <Alert color="orange" variant="light">Cần đồng bộ một lần khi có mạng để tải các kênh truyền thông của thôn về máy.</Alert>
        <Button component={Link} to="/thuc-dia/truyen-thong" size="md">Quay lại</Button>
      </Stack>
    );
  }
  const offered = communication.channels.filter((c) => c.available).map((c) => c.channel);
  const lacking = communication.channels.filter((c) => !c.available);
  const campaigns = communication.campaigns.filter((c) => c.startsOn <= activityOn && c.endsOn >= activityOn);

  const addPhotos = async (files: File[]) => {
    setReducing(true);
    setErrors((e) => ({ ...e, photoIds: '' }));
    try {
      for (const file of files) {
        const reduced = await reducePhoto(file, file.name || 'anh.jpg');
        setPhotos((all) => [...all, { id: uuidv7(), file: reduced, src: URL.createObjectURL(reduced.blob) }]);
      }
    } catch (error) {
      setErrors((e) => ({ ...e, photoIds: error instanceof EvidenceFileError ? error.message : 'Không đọc được ảnh.' }));
    } finally {
      setReducing(false);
    }
  };

  const save = async () => {
    if (!channel) {
      setErrors({ channel: 'Chọn một hình thức truyền thông.' });
      return;
    }
    const input: CommActivityInput = {
      id: uuidv7(),
      campaignId,
      orgUnitId: null,
      activityOn,
      villageIds: [village.id],
      channel,
      phase,
      topics,
      ranBy: ranBy.trim(),
      ranByMemberId: memberId,
      measures: measuresFor(channel, measures),
      attendedHouseholdIds: channel === HOUSEHOLD_TICK_CHANNEL ? ticked : [],
      photoIds: photos.map((p) => p.id),
      notes: notes.trim() || null,
    };
    const found = activityIssues(input);
    if (!topics.length) found.push({ path: 'topics', message: 'Chọn ít nhất một nội dung tuyên truyền.' });
    if (!input.ranBy) found.push({ path: 'ranBy', message: 'Ghi người hoặc đơn vị thực hiện.' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(activityOn) || activityOn > today || activityOn < FIRST_ACTIVITY_DATE) {
      found.push({ path: 'activityOn', message: `Chọn một ngày từ ${FIRST_ACTIVITY_DATE.split('-').reverse().join('/')} đến hôm nay.` });
    }
    setErrors(Object.fromEntries(found.map((i) => [i.path, i.message.replace(/^[^:]+: /, '')])));
    if (found.length) return;
    setSaving(true);
    try {
      await recordCommActivity(input, photos.map((p) => ({ id: p.id, file: p.file })));
      const offline = getSyncSnapshot().offline || !navigator.onLine;
      notifications.show({ color: 'teal', message: offline ? 'Đã lưu trên máy. Sẽ tự gửi khi có mạng.' : 'Đã lưu hoạt động truyền thông.' });
      navigate('/thuc-dia/truyen-thong', { replace: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="field-activity-form">
      <FieldTitle title="Ghi hoạt động truyền thông" subtitle={village.name} />
      <Card padding="sm">
        <Stack gap="sm">
          <TextInput type="date" size="md" label="Ngày thực hiện" required value={activityOn} min={FIRST_ACTIVITY_DATE} max={today} onChange={(e) => setActivityOn(e.currentTarget.value)} error={errors.activityOn} data-testid="activity-date" />
          <ChannelSelect
            size="md"
            value={channel}
            onChange={(c) => {
              setChannel(c);
              setMeasures((m) => (c ? measuresFor(c, m) : {}));
            }}
            channels={offered}
            error={errors.channel}
            lackingNote={lacking.length ? `Thôn không có: ${lacking.map((c) => COMM_CHANNEL_LABELS[c.channel].toLocaleLowerCase('vi')).join(', ')}` : null}
          />
          <PhaseRadios size="md" value={phase} onChange={setPhase} />
          {campaigns.length > 0 && (
            <Select
              size="md"
              label="Đợt truyền thông"
              placeholder="Không thuộc đợt nào"
              clearable
              data={campaigns.map((c) => ({ value: c.id, label: c.name }))}
              value={campaignId}
              onChange={setCampaignId}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </Stack>
      </Card>
      <Card padding="sm">
        <TopicChips value={topics} onChange={setTopics} error={errors.topics} short />
      </Card>
      {channel && (
        <Card padding="sm">
          <MeasureInputs
            size="md"
            channel={channel}
            value={measures}
            onChange={(m) => {
              setMeasures(m);
              // A corrected figure is no longer wrong: its message goes until the next save.
              setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('measures.'))));
            }}
            errors={errors}
          />
        </Card>
      )}
      {channel === HOUSEHOLD_TICK_CHANNEL && (
        <Card padding="sm">
          <HouseholdTickList size="md" households={households} value={ticked} onChange={(ids) => { setTicked(ids); setErrors((e) => ({ ...e, attendedHouseholdIds: '', 'measures.attendees': '' })); }} error={errors.attendedHouseholdIds} loading={!data} maxHeight={420} />
        </Card>
      )}
      {channel === 'household' && (
        <Alert color="blue" variant="light" icon={<IconAlertCircle />}>
          Đây là số lượt hộ (số liệu tham khảo). Để hộ được tính là đã được thông tin (TT), ghi lượt hỗ trợ tại hộ.
        </Alert>
      )}
      <Card padding="sm">
        <Stack gap="sm">
          <PhotoStrip photos={photos.map((p) => ({ id: p.id, src: p.src }))} onAdd={(files) => void addPhotos(files)} onRemove={(id) => setPhotos((all) => all.filter((p) => p.id !== id))} busy={reducing} error={errors.photoIds} size={88} />
          <TextInput size="md" label="Người, đơn vị thực hiện" required value={ranBy} onChange={(e) => setRanBy(e.currentTarget.value)} error={errors.ranBy} maxLength={200} />
          <Textarea size="md" label="Ghi chú" autosize minRows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
        </Stack>
      </Card>
      {Object.values(errors).some(Boolean) && <Alert color="red" variant="light" data-testid="form-errors">Còn thông tin chưa đúng, xem các ô đánh dấu đỏ.</Alert>}
      <Button size="lg" onClick={() => void save()} loading={saving} disabled={reducing} data-testid="save-activity">Lưu hoạt động</Button>
    </Stack>
  );
}
