// A dialog that fills the screen on a phone and floats on a desk.
import { Modal, type ModalProps } from '@mantine/core';
import { useIsMobile } from './hooks.ts';

export function ResponsiveModal(props: ModalProps) {
  const isMobile = useIsMobile();
  return (
    <Modal
      size="lg"
      fullScreen={isMobile}
      transitionProps={isMobile ? { transition: 'fade', duration: 120 } : undefined}
      // Phones have no scrollbar to make room for; the compensation can loop on mobile Chrome
      // (each pass widens the page), which flips the layout to desktop mid-dialog.
      removeScrollProps={isMobile ? { removeScrollBar: false } : undefined}
      {...props}
    />
  );
}
