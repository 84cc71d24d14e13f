// The look: calm blue, readable sizes, touch targets of at least 40 px on phones.
import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** The brand blue; its shade 7 is the primary colour (also the installed app's theme colour). */
export const brand: MantineColorsTuple = [
  '#e7f3ff', '#d0e3fb', '#a1c4f2', '#6ea3ea', '#4487e2', '#2a76de', '#1b6ddd', '#0b5cc5', '#0051b1', '#00469d',
];

// Mantine's palettes with their darker shades (7–9) darkened where they fell short of WCAG AA
// (4.5:1 for text): shade 7 carries white text on filled badges and buttons (≥ 4.6:1 on it),
// shade 8 is text on the palest tint (≥ 5:1 on shade 0), shade 9 the text of "light" badges and
// alerts (≥ 5.2:1 on shade 1). Shades 0–6 (tints, borders, chart colours) are Mantine's own.
const readable: Record<string, MantineColorsTuple> = {
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#fa5252', '#d63031', '#c92a2a', '#b02525'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#ee6d02', '#c35106', '#b54509', '#ab390c'],
  yellow: ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#c38904', '#a26900', '#9c5b00', '#9c5100'],
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#38a94c', '#29853a', '#247a34', '#237133'],
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#11a97b', '#0a8560', '#077956', '#077151'],
  lime: ['#f4fce3', '#e9fac8', '#d8f5a2', '#c0eb75', '#a9e34b', '#94d82d', '#69a318', '#51810f', '#48770b', '#46700a'],
  cyan: ['#e3fafc', '#c5f6fa', '#99e9f2', '#66d9e8', '#3bc9db', '#22b8cf', '#14a3b7', '#0d8091', '#0a7485', '#0a6b7d'],
  blue: ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0', '#228be6', '#1a76c9', '#176ab6', '#1760a4'],
};

/** "Dimmed" text: Mantine's gray 6 is 3.3:1 on white; this one is 6.1:1 on white, 5.4:1 on the pale blue of an active menu item. */
export const DIMMED = '#5c636a';

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand, ...readable },
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
    Select: { defaultProps: { size: 'sm', allowDeselect: false, comboboxProps: { shadow: 'md' }, clearButtonProps: { 'aria-label': 'Bỏ chọn' } } },
    // No sliding indicator: mid-slide the chosen label is white on the pale track (axe color-contrast).
    SegmentedControl: { defaultProps: { transitionDuration: 0 } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm' } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    // The close button is an icon: it needs a name (axe button-name).
    Modal: { defaultProps: { centered: true, radius: 'md', overlayProps: { backgroundOpacity: 0.45 }, closeButtonProps: { 'aria-label': 'Đóng' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Đóng' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Đóng thông báo' } } },
    FileInput: { defaultProps: { clearButtonProps: { 'aria-label': 'Bỏ tệp đã chọn' } } },
    MultiSelect: { defaultProps: { clearButtonProps: { 'aria-label': 'Bỏ hết' } } },
    // No focus placeholder (role=presentation) inside role=menu: axe aria-required-children.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // Dropdowns are placed with `position: fixed`: a dropdown first measured at width 0 sits
    // past the right edge for a moment, and on mobile Chrome that widens the page (which then
    // switches to the desk layout). Fixed elements never widen the page.
    Popover: { defaultProps: { floatingStrategy: 'fixed' } },
    Badge: { styles: { label: { textTransform: 'none' } } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    // A table wider than the phone scrolls sideways: a keyboard must reach it (axe scrollable-region-focusable).
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
  },
});

/** Given to MantineProvider: the readable "dimmed" grey, and error text in red 8 (5.5:1; Mantine's red 6 is 3.3:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': DIMMED, '--mantine-color-error': 'var(--mantine-color-red-8)' }, dark: {} });
