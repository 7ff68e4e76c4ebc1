import { Button } from '@mui/material';
import { useColorScheme } from '@mui/material/styles';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;
const LABEL = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** Light, dark, or follow the system; MUI keeps the choice in this browser profile. */
export function ThemeModeButton() {
  const { mode, setMode } = useColorScheme();
  const current = mode ?? 'system';
  return (
    <Button color="inherit" onClick={() => setMode(NEXT[current])} aria-label={`${LABEL[current]}; switch to ${NEXT[current]}`} data-testid="theme-mode">
      {LABEL[current]}
    </Button>
  );
}
