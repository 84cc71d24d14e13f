// The app's mark, shared by the desk frame and the field app (which must not import the
// desk frame: it would double the field app's first load).
import { ThemeIcon } from '@mantine/core';

export function LogoMark() {
  return (
    <ThemeIcon size={34} radius="md" variant="filled" aria-hidden>
      <svg viewBox="0 0 64 64" width="22" height="22">
        <path d="M18 40V24l14-8 14 8v16l-14 8z" fill="none" stroke="currentColor" strokeWidth="5" strokeLinejoin="round" />
        <circle cx="32" cy="32" r="5" fill="currentColor" />
      </svg>
    </ThemeIcon>
  );
}
