// The look: calm blue, readable sizes, touch targets of at least 40 px on phones.
import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** The brand blue; its shade 7 is the primary colour (also the installed app's theme colour). */
export const brand: MantineColorsTuple = [
  '#e7f3ff', '#d0e3fb', '#a1c4f2', '#6ea3ea', '#4487e2', '#2a76de', '#1b6ddd', '#0b5cc5', '#0051b1', '#00469d',
];

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    fontWeight: '650',
  },
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm', allowDeselect: false, comboboxProps: { shadow: 'md' } } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm' } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, radius: 'md', overlayProps: { backgroundOpacity: 0.45 } } },
    // Dropdowns are placed with `position: fixed`: a dropdown first measured at width 0 sits
    // past the right edge for a moment, and on mobile Chrome that widens the page (which then
    // switches to the desk layout). Fixed elements never widen the page.
    Popover: { defaultProps: { floatingStrategy: 'fixed' } },
    Badge: { styles: { label: { textTransform: 'none' } } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
  },
});
