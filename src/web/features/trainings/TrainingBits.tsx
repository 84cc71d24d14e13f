// Small pieces the trainings pages share: the state badge, the topics, the date and hours.
import { Badge, Group } from '@mantine/core';
import {
  TRAINING_METHOD_LABELS,
  TRAINING_STATUS_LABELS,
  TRAINING_TOPIC_SHORT,
  platformLabel,
  type TrainingMethod,
  type TrainingStatus,
  type TrainingTopic,
} from '../../../shared/trainings.ts';
import { formatDate } from '../../app/format.ts';

const STATUS_COLORS: Record<TrainingStatus, string> = { planned: 'blue', held: 'teal', cancelled: 'gray' };

/** A planned training whose start has passed waits for its attendance: said so, in orange. */
export function TrainingStatusBadge({ status, startsAt }: { status: TrainingStatus; startsAt?: string }) {
  const waiting = status === 'planned' && startsAt !== undefined && Date.parse(startsAt) <= Date.now();
  return (
    <Badge color={waiting ? 'orange' : STATUS_COLORS[status]} variant="light" style={{ overflow: 'visible' }} data-testid="training-status">
      {waiting ? 'Chờ điểm danh' : TRAINING_STATUS_LABELS[status]}
    </Badge>
  );
}

export function TopicBadges({ topics }: { topics: TrainingTopic[] }) {
  return (
    <Group gap={4}>
      {topics.map((t) => <Badge key={t} variant="outline" color="gray" size="sm" tt="none" fw={500}>{TRAINING_TOPIC_SHORT[t]}</Badge>)}
    </Group>
  );
}

export const methodText = (method: TrainingMethod, platform: string | null) =>
  `${TRAINING_METHOD_LABELS[method]}${platform ? ` (${platformLabel(platform)})` : ''}`;

const time = (iso: string) => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/** "12/02/2026, 08:00–11:30" or "01/03/2026 – 31/12/2026" for a course over many days. */
export function whenText(startsAt: string, endsAt: string): string {
  if (day(startsAt) === day(endsAt)) return `${formatDate(day(startsAt))}, ${time(startsAt)}–${time(endsAt)}`;
  return `${formatDate(day(startsAt))} – ${formatDate(day(endsAt))}`;
}

/** The Vietnam calendar day and hour of a moment, for the form's inputs. */
export const vnDay = day;
export const vnTime = time;
