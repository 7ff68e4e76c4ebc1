import { createTheme } from '@mui/material/styles';

/**
 * One theme for the whole app: light and dark schemes, dense components for an all-day work screen. Without
 * MUI's CSS variables: generating them for both schemes and styling every component through them cost a
 * reload about 20–40 ms before its first row (docs/performance.md, "Twenty-second session"). Switching the
 * scheme renders the app again with the other palette, which happens when an agent asks for it, not per frame.
 */
// Status colours chosen for WCAG AA (4.5:1) both as chip backgrounds under their text and as text on the
// page: MUI's defaults (white on orange, light blue or red) fall short. Checked by test/e2e/accessibility.spec.ts.
const DARK_TEXT = 'rgba(0, 0, 0, 0.87)';
export const theme = createTheme({
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#1565c0' },
        error: { main: '#c62828' },
        warning: { main: '#a64b00' },
        info: { main: '#01579b' },
        success: { main: '#1b5e20' },
      },
    },
    dark: {
      palette: {
        error: { main: '#ef9a9a', contrastText: DARK_TEXT },
        warning: { main: '#ffb74d', contrastText: DARK_TEXT },
        info: { main: '#81d4fa', contrastText: DARK_TEXT },
        success: { main: '#a5d6a7', contrastText: DARK_TEXT },
      },
    },
  },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  components: {
    MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' } },
  },
});
