// "Xuất Excel" for a registry list: downloads exactly what the list shows (its filters), with
// full CCCD numbers only on request, for the roles allowed to see them (the server audits it).
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconFileSpreadsheet, IconId } from '@tabler/icons-react';
import { useState } from 'react';
import { downloadFile, errorMessage, type Query } from '../../app/api.ts';
import { formatNumber } from '../../app/format.ts';

export function ExportButton({ path, query, allowUnmask = false, noun }: { path: string; query: Query; allowUnmask?: boolean; noun: string }) {
  const [busy, setBusy] = useState(false);

  async function run(unmask: boolean) {
    setBusy(true);
    const id = notifications.show({ loading: true, title: 'Đang xuất Excel…', message: 'Tệp sẽ được tải về khi xong.', autoClose: false, withCloseButton: false });
    try {
      const { fileName, rows } = await downloadFile(path, unmask ? { ...query, unmask: true } : query, 'danh-sach.xlsx');
      notifications.update({
        id, loading: false, color: 'green', autoClose: 5000, withCloseButton: true,
        title: 'Đã xuất Excel',
        message: `${rows != null ? `${formatNumber(rows)} ${noun} · ` : ''}${fileName}${unmask ? ' · CCCD hiện đầy đủ (đã ghi nhật ký)' : ''}`,
      });
    } catch (error) {
      notifications.update({ id, loading: false, color: 'red', autoClose: 8000, withCloseButton: true, title: 'Không xuất được tệp', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  if (!allowUnmask) {
    return (
      <Button variant="default" leftSection={<IconFileSpreadsheet size={18} />} loading={busy} onClick={() => run(false)} data-testid="export-xlsx">
        Xuất Excel
      </Button>
    );
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconFileSpreadsheet size={18} />} rightSection={<IconChevronDown size={16} />} loading={busy} data-testid="export-xlsx">
          Xuất Excel
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => run(false)} data-testid="export-masked">
          Xuất Excel (số CCCD che bớt)
        </Menu.Item>
        <Menu.Item leftSection={<IconId size={16} />} onClick={() => run(true)} data-testid="export-unmasked">
          Hiện đầy đủ số CCCD (được ghi nhật ký)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
