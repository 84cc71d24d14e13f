// An activity's photos as a strip of thumbnails with "Thêm ảnh": the same look on the desk
// (photos uploaded at once) and on the phone (photos kept on the phone until sent). What
// happens to a picked file is the caller's: onAdd gets the files, reduced by the caller.
import { ActionIcon, Box, Button, FileButton, Group, Image, Input, Stack, Text } from '@mantine/core';
import { IconCamera, IconX } from '@tabler/icons-react';
import { COMM_PHOTOS_MAX } from '../../../shared/communication.ts';

export interface StripPhoto {
  id: string;
  /** An object URL (on the phone) or the server's address. */
  src: string;
}

export function PhotoStrip({ photos, onAdd, onRemove, busy, error, size = 96, label = 'Ảnh minh chứng' }: {
  photos: StripPhoto[];
  onAdd?: (files: File[]) => void;
  onRemove?: (id: string) => void;
  busy?: boolean;
  error?: React.ReactNode;
  size?: number;
  label?: string;
}) {
  const room = COMM_PHOTOS_MAX - photos.length;
  return (
    <Input.Wrapper label={<>{label} <Text span size="sm" c="dimmed">({photos.length}/{COMM_PHOTOS_MAX})</Text></>} error={error} data-testid="photo-strip">
      <Group gap="xs" mt={4}>
        {photos.map((p, i) => (
          <Box key={p.id} pos="relative" w={size} h={size} style={{ borderRadius: 8, overflow: 'hidden', border: '1px solid var(--mantine-color-gray-3)' }}>
            <Image src={p.src} alt={`Ảnh ${i + 1}`} w={size} h={size} fit="cover" data-photo={p.id} />
            {onRemove && (
              <ActionIcon size="sm" radius="xl" color="dark" variant="filled" pos="absolute" top={4} right={4} onClick={() => onRemove(p.id)} aria-label={`Bỏ ảnh ${i + 1}`}>
                <IconX size={14} />
              </ActionIcon>
            )}
          </Box>
        ))}
        {onAdd && room > 0 && (
          <FileButton onChange={(files) => files.length && onAdd(files.slice(0, room))} accept="image/*" multiple>
            {(props) => (
              <Button {...props} variant="light" h={size} w={size} loading={busy} data-testid="add-photo" styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}>
                <Stack gap={2} align="center"><IconCamera size={22} /><Text size="xs">Thêm ảnh</Text></Stack>
              </Button>
            )}
          </FileButton>
        )}
      </Group>
    </Input.Wrapper>
  );
}
