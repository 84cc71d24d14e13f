// One household on the phone: its people with their digital status, age, last visit and why
// something was not done; phone numbers and "no smartphone" edited in place (sent later);
// the visits recorded here; and the big button to record a new one.
import { Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconClipboardPlus, IconDeviceMobileOff, IconEdit, IconPhone } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { NOT_DONE_REASON_LABELS } from '../../shared/support.ts';
import type { SyncHousehold, SyncPerson } from '../../shared/sync.ts';
import { formatDate } from '../app/format.ts';
import { relationLabel } from '../app/labels.ts';
import { ResponsiveModal } from '../components/ResponsiveModal.tsx';
import { memberName, useFieldSession } from './field-context.ts';
import { useHouseholdData } from './field-data.ts';
import { ageOn, FIELD_INDICATOR_SHORT, FIELD_INDICATORS, householdNotReached, householdPlace, householdTitle } from './field-rules.ts';
import { editHousehold, editPerson } from './field-writes.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { StatusChips, VisitCard } from './FieldParts.tsx';
import { todayInVietnam } from '../../shared/calendar.ts';

const PHONE_PATTERN = /^[0-9+ .()-]{0,20}$/;

export default function FieldHouseholdPage() {
  const { id } = useParams();
  const data = useHouseholdData(id);
  const { team } = useFieldSession();
  const [editing, setEditing] = useState<{ kind: 'person'; person: SyncPerson } | { kind: 'household' } | null>(null);
  const today = todayInVietnam();
  const title = data?.household ? householdTitle(data.household, data.members) : 'Hộ gia đình';
  useDocumentTitle('Hộ gia đình · Tổ CNSCĐ');

  if (!data) return null;
  const { household, members, events } = data;
  if (!household) {
    return (
      <Stack>
        <FieldTitle title="Không có hộ này trên máy" />
        <Alert color="orange">Hộ không thuộc thôn của bạn hoặc đã chuyển đi. Nếu vừa được phân công, hãy đồng bộ khi có mạng.</Alert>
        <Button component={Link} to="/thuc-dia/ho" size="md">Về danh sách hộ</Button>
      </Stack>
    );
  }
  const gaps = FIELD_INDICATORS.filter((i) => householdNotReached(i, household, members, today));
  const assigned = memberName(team, household.assignedMemberId);
  // A household not assigned to this volunteer comes as a search-list entry: no phones.
  const limited = household.full === false;

  return (
    <Stack gap="sm">
      <FieldTitle title={<span data-testid="household-title">{title}</span>} subtitle={householdPlace(household)} />

      <Card padding="sm">
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap">
            <Group gap={6} wrap="nowrap" miw={0}>
              <IconPhone size={18} />
              <Text size="sm" truncate={!limited}>{limited ? 'Số điện thoại chỉ có ở hộ được giao cho bạn' : household.phone ?? 'Chưa có số điện thoại của hộ'}</Text>
            </Group>
            {!limited && <Button variant="light" leftSection={<IconEdit size={16} />} onClick={() => setEditing({ kind: 'household' })}>Sửa</Button>}
          </Group>
          {household.noCapableMember && (
            <Badge color="orange" variant="light" leftSection={<IconDeviceMobileOff size={12} />}>Hộ không có người sử dụng được thiết bị số</Badge>
          )}
          <Text size="sm" c="dimmed">
            {assigned ? `Người phụ trách: ${assigned}` : 'Chưa phân công người phụ trách'} · {household.informedOn ? `Đã thông tin ngày ${formatDate(household.informedOn)}` : 'Chưa được thông tin'}
          </Text>
          {gaps.length > 0 && (
            <Group gap={4}>
              {gaps.map((g) => <Badge key={g} size="sm" color="orange" variant="light">Chưa đạt: {FIELD_INDICATOR_SHORT[g]}</Badge>)}
            </Group>
          )}
        </Stack>
      </Card>

      <Button component={Link} to={`/thuc-dia/ho/${household.id}/ghi-luot`} size="lg" h={56} leftSection={<IconClipboardPlus />} data-testid="record-visit">
        Ghi lượt hỗ trợ
      </Button>

      <Title order={2} fz={17} mt="xs">Nhân khẩu ({members.length})</Title>
      <Stack gap="xs" data-testid="field-members">
        {members.map((p) => (
          <Card key={p.id} padding="sm" data-testid="field-member" data-person-id={p.id}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <div>
                  <Text fw={600}>{p.fullName}</Text>
                  <Text size="sm" c="dimmed">{ageOn(p, today)} tuổi · {relationLabel(p.relationToHead)}{p.isStudent ? ' · học sinh' : ''}</Text>
                </div>
                {!limited && (
                  <Button variant="subtle" leftSection={<IconEdit size={16} />} onClick={() => setEditing({ kind: 'person', person: p })} aria-label={`Sửa điện thoại của ${p.fullName}`}>
                    Sửa
                  </Button>
                )}
              </Group>
              <StatusChips person={p} today={today} />
              <Text size="sm">
                {limited ? '' : p.phone ? `ĐT: ${p.phone}` : 'Chưa có số điện thoại'}
                {p.hasSmartphone === false ? ' · Không có điện thoại thông minh' : p.hasSmartphone ? ' · Có điện thoại thông minh' : ''}
              </Text>
              {p.lastVisitOn && (
                <Text size="sm" c="dimmed" data-testid="last-visit">
                  Lần hỗ trợ gần nhất: {formatDate(p.lastVisitOn)}{p.lastReason ? ` · ${NOT_DONE_REASON_LABELS[p.lastReason]}` : ''}
                </Text>
              )}
            </Stack>
          </Card>
        ))}
      </Stack>

      {events.length > 0 && (
        <>
          <Title order={2} fz={17} mt="xs">Lượt đã ghi trên máy này</Title>
          <Stack gap="xs">
            {events.map((e) => <VisitCard key={e.id} event={e} showHousehold={false} />)}
          </Stack>
        </>
      )}

      {editing?.kind === 'person' && <PersonContactModal person={editing.person} onClose={() => setEditing(null)} />}
      {editing?.kind === 'household' && <HouseholdContactModal household={household} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

const SMARTPHONE_OPTIONS = [
  { value: 'yes', label: 'Có ĐTTM' },
  { value: 'no', label: 'Không có' },
  { value: 'unknown', label: 'Chưa rõ' },
];

function PersonContactModal({ person, onClose }: { person: SyncPerson; onClose: () => void }) {
  const [phone, setPhone] = useState(person.phone ?? '');
  const [smart, setSmart] = useState(person.hasSmartphone === null ? 'unknown' : person.hasSmartphone ? 'yes' : 'no');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const trimmed = phone.trim();
    if (!PHONE_PATTERN.test(trimmed)) return setError('Số điện thoại chỉ gồm chữ số, tối đa 20 ký tự.');
    const fields: { phone?: string | null; hasSmartphone?: boolean | null } = {};
    if ((trimmed || null) !== person.phone) fields.phone = trimmed || null;
    const next = smart === 'unknown' ? null : smart === 'yes';
    if (next !== person.hasSmartphone) fields.hasSmartphone = next;
    if (Object.keys(fields).length) await editPerson(person.id, fields);
    onClose();
  };
  return (
    <ResponsiveModal opened onClose={onClose} title={`Điện thoại của ${person.fullName}`}>
      <Stack>
        <TextInput label="Số điện thoại" inputMode="tel" size="md" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={error} />
        <div>
          <Text size="sm" fw={500} mb={4}>Điện thoại thông minh</Text>
          <SegmentedControl fullWidth value={smart} onChange={setSmart} data={SMARTPHONE_OPTIONS} aria-label="Điện thoại thông minh" />
        </div>
        <Text size="xs" c="dimmed">Thay đổi được lưu trên máy và gửi lên khi có mạng.</Text>
        <Button size="md" onClick={() => void save()}>Lưu</Button>
      </Stack>
    </ResponsiveModal>
  );
}

function HouseholdContactModal({ household, onClose }: { household: SyncHousehold; onClose: () => void }) {
  const [phone, setPhone] = useState(household.phone ?? '');
  const [noCapable, setNoCapable] = useState(household.noCapableMember);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const trimmed = phone.trim();
    if (!PHONE_PATTERN.test(trimmed)) return setError('Số điện thoại chỉ gồm chữ số, tối đa 20 ký tự.');
    const fields: { phone?: string | null; noCapableMember?: boolean } = {};
    if ((trimmed || null) !== household.phone) fields.phone = trimmed || null;
    if (noCapable !== household.noCapableMember) fields.noCapableMember = noCapable;
    if (Object.keys(fields).length) await editHousehold(household.id, fields);
    onClose();
  };
  return (
    <ResponsiveModal opened onClose={onClose} title="Thông tin liên hệ của hộ">
      <Stack>
        <TextInput label="Số điện thoại của hộ" inputMode="tel" size="md" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={error} />
        <Switch size="md" label="Hộ không có người sử dụng được thiết bị số (không có ĐTTM)" checked={noCapable} onChange={(e) => setNoCapable(e.currentTarget.checked)} />
        <Text size="xs" c="dimmed">Thay đổi được lưu trên máy và gửi lên khi có mạng.</Text>
        <Button size="md" onClick={() => void save()}>Lưu</Button>
      </Stack>
    </ResponsiveModal>
  );
}
