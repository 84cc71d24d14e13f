// A person's digital status item by item, each with the date it became true: what the
// volunteer still has to help with is plain to see.
import { Card, DataList, Text, Title } from '@mantine/core';
import { NOT_DONE_REASON_LABELS, STATUS_ITEM_LABELS, STATUS_ITEMS, type DigitalStatus, type NotDoneReason, type StatusItem } from '../../../shared/support.ts';
import { formatDate } from '../../app/format.ts';
import { useIsMobile } from '../../components/hooks.ts';

/** Items that only concern students are left out for everyone else. */
function relevantItems(isStudent: boolean): StatusItem[] {
  return STATUS_ITEMS.filter((item) => item !== 'student_training' || isStudent);
}

export function DigitalStatusCard({
  status,
  isStudent,
  hasSmartphone,
  lastVisitOn,
  lastReason,
}: {
  status: DigitalStatus;
  isStudent: boolean;
  hasSmartphone: boolean | null;
  lastVisitOn: string | null;
  lastReason: NotDoneReason | null;
}) {
  const isMobile = useIsMobile();
  return (
    <Card padding="lg" data-testid="digital-status-card">
      <Title order={2} fz="md" mb={4}>Tiện ích số</Title>
      <Text size="sm" c="dimmed" mb="md">Tính từ các lượt hỗ trợ đã ghi nhận; sửa sai bằng một lượt sửa, không sửa trực tiếp.</Text>
      <DataList labelWidth={isMobile ? 150 : 200} gap="xs" size="sm">
        <DataList.Item>
          <DataList.ItemLabel>Điện thoại thông minh</DataList.ItemLabel>
          <DataList.ItemValue>{hasSmartphone == null ? 'Chưa rõ' : hasSmartphone ? 'Có' : 'Không có'}</DataList.ItemValue>
        </DataList.Item>
        {relevantItems(isStudent).map((item) => (
          <DataList.Item key={item}>
            <DataList.ItemLabel>{STATUS_ITEM_LABELS[item]}</DataList.ItemLabel>
            <DataList.ItemValue c={status[item] ? 'teal.8' : 'dimmed'} className="num">{status[item] ? `Có, từ ${formatDate(status[item])}` : 'Chưa'}</DataList.ItemValue>
          </DataList.Item>
        ))}
        <DataList.Item>
          <DataList.ItemLabel>Lần hỗ trợ gần nhất</DataList.ItemLabel>
          <DataList.ItemValue className="num">
            {lastVisitOn ? formatDate(lastVisitOn) : 'Chưa có'}
            {lastReason ? ` – chưa được: ${NOT_DONE_REASON_LABELS[lastReason]}` : ''}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Card>
  );
}
