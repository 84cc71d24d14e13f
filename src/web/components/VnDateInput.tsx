// Date input in Vietnamese form (dd/mm/yyyy), typed or picked; the value is 'YYYY-MM-DD'.
import { DateInput, type DateInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import dayjs from 'dayjs';

const FORMATS = ['D/M/YYYY', 'DD/MM/YYYY', 'D-M-YYYY', 'D.M.YYYY', 'YYYY-MM-DD', 'DDMMYYYY'];

export function parseVnDate(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  for (const f of FORMATS) {
    const d = dayjs(t, f, true);
    if (d.isValid()) return d.format('YYYY-MM-DD');
  }
  return null;
}

export function VnDateInput(props: Omit<DateInputProps, 'valueFormat' | 'dateParser'>) {
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      dateParser={parseVnDate}
      placeholder="dd/mm/yyyy"
      leftSection={<IconCalendar size={18} />}
      popoverProps={{ withinPortal: true }}
      inputMode="numeric"
      {...props}
    />
  );
}
