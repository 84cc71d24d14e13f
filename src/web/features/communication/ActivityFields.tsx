// Pieces of the activity form shared by the desk and the phone: the channel choice (only the
// channels the village has), the measures of the chosen channel, the topics, and the badges a
// list shows. The rules behind them are shared/communication.ts, as on the server.
import { Badge, Chip, Group, Input, NumberInput, Radio, Select, SimpleGrid, TextInput } from '@mantine/core';
import {
  CHANNEL_MEASURES,
  COMM_CHANNEL_LABELS,
  COMM_CHANNEL_SHORT,
  COMM_PHASE_LABELS,
  COMM_PHASES,
  COMM_TOPIC_LABELS,
  COMM_TOPIC_SHORT,
  COMM_TOPICS,
  MEASURE_LABELS,
  VISUAL_MATERIAL_LABELS,
  VISUAL_MATERIALS,
  measuresOf,
  type CommChannel,
  type CommMeasures,
  type CommPhase,
  type CommTopic,
  type MeasureKey,
  type VisualMaterial,
} from '../../../shared/communication.ts';

export const CHANNEL_COLORS: Record<CommChannel, string> = {
  loudspeaker: 'orange',
  village_meeting: 'teal',
  party_cell: 'red',
  mass_org: 'grape',
  household: 'cyan',
  zalo: 'blue',
  social_media: 'indigo',
  visual: 'yellow',
  news: 'gray',
};

export function ChannelBadge({ channel, short = false }: { channel: CommChannel; short?: boolean }) {
  return (
    <Badge color={CHANNEL_COLORS[channel]} variant="light" radius="sm" style={{ textTransform: 'none' }} data-channel={channel}>
      {short ? COMM_CHANNEL_SHORT[channel] : COMM_CHANNEL_LABELS[channel]}
    </Badge>
  );
}

/** The channels a form offers: those the chosen villages all have (a commune-wide one needs none). */
export function offeredChannels(all: readonly CommChannel[], lacking: ReadonlySet<CommChannel>): CommChannel[] {
  return all.filter((c) => !lacking.has(c));
}

export function ChannelSelect({ value, onChange, channels, error, size = 'sm', lackingNote }: {
  value: CommChannel | null;
  onChange: (c: CommChannel | null) => void;
  channels: CommChannel[];
  error?: React.ReactNode;
  size?: 'sm' | 'md';
  /** "Thôn Bản Tàn không có: Loa truyền thanh cơ sở" under the choice. */
  lackingNote?: string | null;
}) {
  return (
    <Select
      label="Hình thức"
      required
      size={size}
      data={channels.map((c) => ({ value: c, label: COMM_CHANNEL_LABELS[c] }))}
      value={value}
      onChange={(v) => onChange(v as CommChannel | null)}
      error={error}
      description={lackingNote ?? undefined}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data-testid="activity-channel"
    />
  );
}

export function PhaseRadios({ value, onChange, error, size = 'sm' }: { value: CommPhase; onChange: (p: CommPhase) => void; error?: React.ReactNode; size?: 'sm' | 'md' }) {
  return (
    <Radio.Group label="Thời điểm" value={value} onChange={(v) => onChange(v as CommPhase)} error={error} size={size}>
      <Group gap="md" mt={6}>
        {COMM_PHASES.map((p) => <Radio key={p} value={p} label={COMM_PHASE_LABELS[p]} size={size} />)}
      </Group>
    </Radio.Group>
  );
}

export function TopicChips({ value, onChange, error, short = false }: { value: CommTopic[]; onChange: (t: CommTopic[]) => void; error?: React.ReactNode; short?: boolean }) {
  return (
    <Input.Wrapper label="Nội dung tuyên truyền" required error={error}>
      <Chip.Group multiple value={value} onChange={(v) => onChange(v as CommTopic[])}>
        <Group gap={6} mt={4} data-testid="activity-topics">
          {COMM_TOPICS.map((t) => (
            <Chip key={t} value={t} size="sm" radius="sm" variant="outline">{short ? COMM_TOPIC_SHORT[t] : COMM_TOPIC_LABELS[t]}</Chip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );
}

const NUMERIC: readonly MeasureKey[] = ['newsItems', 'airtimeMinutes', 'attendees', 'households', 'posts', 'groupMembers', 'reach', 'copies', 'articles'];

/** The measures of the channel, nothing else; required ones marked. */
export function MeasureInputs({ channel, value, onChange, errors, size = 'sm' }: {
  channel: CommChannel;
  value: CommMeasures;
  onChange: (m: CommMeasures) => void;
  errors: Record<string, React.ReactNode>;
  size?: 'sm' | 'md';
}) {
  const keys = measuresOf(channel);
  const required = new Set(CHANNEL_MEASURES[channel].required);
  const set = (key: MeasureKey, v: unknown) => onChange({ ...value, [key]: v === '' || v === null ? undefined : v });
  return (
    <SimpleGrid cols={{ base: 1, xs: Math.min(2, keys.length) }} spacing="sm" data-testid="activity-measures">
      {keys.map((key) => {
        const error = errors[`measures.${key}`];
        if (key === 'material') {
          return (
            <Select
              key={key}
              label={MEASURE_LABELS[key]}
              required
              size={size}
              data={VISUAL_MATERIALS.map((m) => ({ value: m, label: VISUAL_MATERIAL_LABELS[m] }))}
              value={value.material ?? null}
              onChange={(v) => set(key, (v as VisualMaterial | null) ?? undefined)}
              error={error}
              comboboxProps={{ withinPortal: true }}
            />
          );
        }
        if (NUMERIC.includes(key)) {
          return (
            <NumberInput
              key={key}
              label={MEASURE_LABELS[key]}
              required={required.has(key)}
              size={size}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator="."
              decimalSeparator=","
              inputMode="numeric"
              value={(value[key] as number | undefined) ?? ''}
              onChange={(v) => set(key, typeof v === 'number' ? v : undefined)}
              error={error}
              data-measure={key}
            />
          );
        }
        return (
          <TextInput
            key={key}
            label={MEASURE_LABELS[key]}
            required={required.has(key)}
            size={size}
            type="url"
            placeholder="https://"
            value={(value[key] as string | undefined) ?? ''}
            onChange={(e) => set(key, e.currentTarget.value.trim())}
            error={error}
            data-measure={key}
          />
        );
      })}
    </SimpleGrid>
  );
}

/** Keeps only the measures the new channel takes, so switching channel never sends a stray one. */
export function measuresFor(channel: CommChannel, measures: CommMeasures): CommMeasures {
  const keep = new Set(measuresOf(channel));
  return Object.fromEntries(Object.entries(measures).filter(([k, v]) => keep.has(k as MeasureKey) && v !== undefined && v !== '')) as CommMeasures;
}
