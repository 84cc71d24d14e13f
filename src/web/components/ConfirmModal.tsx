// "Are you sure?" for actions that matter (disable an account, end sessions).
import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function ConfirmModal({ opened, onClose, onConfirm, title, children, confirmLabel, color = 'red', loading }: { opened: boolean; onClose: () => void; onConfirm: () => void; title: string; children: ReactNode; confirmLabel: string; color?: string; loading?: boolean }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} size="md">
      <Text size="sm">{children}</Text>
      <Group justify="flex-end" mt="lg" gap="sm">
        <Button variant="default" onClick={onClose}>Hủy</Button>
        <Button color={color} onClick={onConfirm} loading={loading}>{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}
