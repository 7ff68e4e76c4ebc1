import { createTheme } from '@mui/material/styles';

/** One theme for the whole app: light and dark schemes, dense components for an all-day work screen. */
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
  cssVariables: { colorSchemeSelector: 'class' },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  components: {
    MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' } },
  },
});
