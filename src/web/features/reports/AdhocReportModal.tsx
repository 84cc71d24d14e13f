// "Báo cáo đột xuất": the commune office names the period (from–to) the province asked about.
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { vnToday } from './ReportBits.tsx';

const pad2 = (n: number) => String(n).padStart(2, '0');

export function AdhocReportModal({ opened, onClose, onConfirm, loading, serverErrors }: { opened: boolean; onClose: () => void; onConfirm: (from: string, to: string) => void; loading: boolean; serverErrors: Record<string, string> }) {
  const t = vnToday();
  const today = `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(today);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  useEffect(() => {
    if (opened) {
      setFrom(`${t.year}-${pad2(t.month)}-01`);
      setTo(today);
      setErrors({});
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  const submit = () => {
    const next: typeof errors = {};
    if (!from) next.from = 'Chọn ngày bắt đầu kỳ báo cáo.';
    if (!to) next.to = 'Chọn ngày kết thúc kỳ báo cáo.';
    else if (to > today) next.to = 'Ngày kết thúc không được sau hôm nay.';
    if (from && to && from > to) next.to = 'Ngày kết thúc phải từ ngày bắt đầu trở đi.';
    if (from && from < '2025-01-01') next.from = 'Kỳ báo cáo bắt đầu từ năm 2025.';
    else if (from && from.slice(8) !== '01') next.from = 'Kỳ báo cáo đột xuất bắt đầu từ ngày đầu một tháng.';
    if (from && to && from.slice(0, 4) !== to.slice(0, 4)) next.to = 'Kỳ báo cáo đột xuất phải nằm trong một năm.';
    setErrors(next);
    if (Object.keys(next).length === 0 && from && to) onConfirm(from, to);
  };
  const days = from && to && from <= to ? dayjs(to).diff(dayjs(from), 'day') + 1 : null;

  return (
    <ResponsiveModal opened={opened} onClose={onClose} title={<Text fw={650}>Báo cáo đột xuất</Text>} size="md">
      <Stack gap="sm">
        <Text size="sm">Báo cáo của xã cho khoảng thời gian cấp trên yêu cầu, cùng nội dung như báo cáo tháng.</Text>
        <Text size="xs" c="dimmed">Kỳ đột xuất là một tháng, trọn một quý, hoặc từ 01/01 đến cuối một tháng hay đến hôm nay (số người được hỗ trợ chỉ đếm không trùng lặp trong các kỳ đó).</Text>
        <Group grow align="flex-start">
          <VnDateInput label="Từ ngày" withAsterisk value={from} onChange={(v) => { setFrom(v); setErrors({}); }} maxDate={today} minDate="2025-01-01" error={errors.from ?? serverErrors.from} data-testid="adhoc-from" />
          <VnDateInput label="Đến ngày" withAsterisk value={to} onChange={(v) => { setTo(v); setErrors({}); }} maxDate={today} minDate="2025-01-01" error={errors.to ?? serverErrors.to ?? serverErrors.year} data-testid="adhoc-to" />
        </Group>
        {days !== null && <Text size="xs" c="dimmed">{days} ngày</Text>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button onClick={submit} loading={loading} leftSection={<IconFileText size={18} />}>Tạo báo cáo</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}
