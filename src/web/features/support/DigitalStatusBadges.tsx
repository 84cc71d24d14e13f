// A person's digital status as small coloured tags: what is already true (with the date on
// hover) stands out; what is not yet is left out, or shown dimmed where the gap matters.
import { Badge, Group, Tooltip } from '@mantine/core';
import { STATUS_ITEM_LABELS, STATUS_ITEM_SHORT_LABELS, STATUS_ITEMS, type DigitalStatus, type StatusItem } from '../../../shared/support.ts';
import { formatDate } from '../../app/format.ts';

/** The items a list shows: level 1 is implied by level 2, so it appears only alone. */
function shownItems(status: DigitalStatus): StatusItem[] {
  return STATUS_ITEMS.filter((item) => status[item] && !(item === 'vneid_level1' && status.vneid_level2));
}

export function DigitalStatusBadges({ status, size = 'xs' }: { status: DigitalStatus | null | undefined; size?: 'xs' | 'sm' }) {
  if (!status) return null;
  const items = shownItems(status);
  if (!items.length) return <Badge size={size} variant="outline" color="gray" tt="none">Chưa có tiện ích số</Badge>;
  return (
    <Group gap={4} data-testid="digital-status">
      {items.map((item) => (
        <Tooltip key={item} label={`${STATUS_ITEM_LABELS[item]} từ ${formatDate(status[item])}`} withinPortal>
          <Badge size={size} variant="light" color="teal" tt="none">{STATUS_ITEM_SHORT_LABELS[item]}</Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
