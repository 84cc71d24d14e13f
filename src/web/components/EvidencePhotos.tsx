// The photos kept as evidence of a record (a signed sheet, a meeting), desk and phone alike:
// thumbnails that open the full photo, a button that takes photos (camera or gallery on a
// phone), reduces them (image-reduce.ts) and hands them to the page to send or queue.
import { ActionIcon, Alert, Box, Button, FileButton, Group, Image, SimpleGrid, Text } from '@mantine/core';
import { IconCamera, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { formatBytes } from '../../shared/attachments.ts';
import { type EvidenceFile, EvidenceFileError, prepareEvidenceFile } from './image-reduce.ts';

export interface EvidencePhoto {
  id: string;
  /** The server's address, or a local blob: URL for a photo still on the phone. */
  url: string;
  label?: string;
  byteSize?: number;
  pending?: boolean;
}

interface Props {
  photos: EvidencePhoto[];
  /** Given: the button shows; receives the reduced photos. */
  onAdd?: (files: EvidenceFile[]) => Promise<void> | void;
  onRemove?: (id: string) => Promise<void> | void;
  addLabel?: string;
  emptyText?: string;
  max?: number;
  testId?: string;
}

export function EvidencePhotos({ photos, onAdd, onRemove, addLabel = 'Thêm ảnh', emptyText = 'Chưa có ảnh.', max = 20, testId = 'evidence-photos' }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (files: File[]) => {
    if (!onAdd || !files.length) return;
    setError(null);
    if (photos.length + files.length > max) {
      setError(`Tối đa ${max} ảnh.`);
      return;
    }
    setBusy(true);
    try {
      const prepared: EvidenceFile[] = [];
      for (const file of files) prepared.push(await prepareEvidenceFile(file, { imagesOnly: true }));
      await onAdd(prepared);
    } catch (e) {
      setError(e instanceof EvidenceFileError || e instanceof Error ? e.message : 'Không thêm được ảnh.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box data-testid={testId}>
      {photos.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs">{emptyText}</Text>
      ) : (
        <SimpleGrid cols={{ base: 2, xs: 3, md: 4 }} spacing="xs" mb="xs">
          {photos.map((photo, i) => (
            <Box key={photo.id} pos="relative" data-testid="evidence-photo">
              <a href={photo.url} target="_blank" rel="noreferrer" aria-label={`Mở ảnh ${i + 1}${photo.label ? `: ${photo.label}` : ''}`}>
                <Image src={photo.url} alt={photo.label ?? `Ảnh ${i + 1}`} h={120} fit="cover" radius="sm" loading="lazy" />
              </a>
              <Group gap={4} justify="space-between" mt={2} wrap="nowrap">
                <Text size="xs" c="dimmed" truncate>
                  {photo.pending ? 'Chờ gửi' : photo.byteSize ? formatBytes(photo.byteSize) : ''}
                </Text>
                {onRemove && (
                  <ActionIcon variant="subtle" color="red" size="md" aria-label={`Xóa ảnh ${i + 1}`} onClick={() => void onRemove(photo.id)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Box>
          ))}
        </SimpleGrid>
      )}
      {error && <Alert color="red" mb="xs" p="xs">{error}</Alert>}
      {onAdd && (
        <FileButton onChange={(files) => void pick(files)} accept="image/jpeg,image/png,image/webp,image/*" multiple>
          {(props) => (
            <Button {...props} variant="light" leftSection={<IconCamera size={18} />} loading={busy} data-testid={`${testId}-add`}>
              {addLabel}
            </Button>
          )}
        </FileButton>
      )}
    </Box>
  );
}
