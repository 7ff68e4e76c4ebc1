import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { GlobalShortcutBindings, ShortcutOutcome } from '../../preload/contract';
import { hostApi } from './desktop-host';

const LABELS = { 'call.open': 'Log a call', 'search.focus': 'Search tickets' } as const;

/**
 * Desktop-only settings: start at login, and the shortcuts that work from any program. A combination
 * the system refuses is listed with the reason; the others still take effect.
 */
export function DesktopSettings({ onClose }: { onClose: () => void }) {
  const [startsAtLogin, setStartsAtLogin] = useState<boolean | null>(null);
  const [bindings, setBindings] = useState<GlobalShortcutBindings | null>(null);
  const [problems, setProblems] = useState<readonly ShortcutOutcome[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void hostApi().startsAtLogin().then(setStartsAtLogin, () => setStartsAtLogin(false));
    void hostApi()
      .globalShortcuts()
      .then(({ bindings: current, outcomes }) => {
        setBindings(current);
        setProblems(outcomes.filter((o) => o.message));
      });
  }, []);
  const saveShortcuts = async () => {
    if (!bindings) return;
    const outcomes = await hostApi().setGlobalShortcuts(bindings);
    setProblems(outcomes.filter((o) => o.message));
    setSaved(outcomes.every((o) => !o.message));
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="desktop-settings-title" data-testid="desktop-settings">
      <DialogTitle id="desktop-settings-title">Desktop settings</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <FormControlLabel
            control={
              <Switch
                checked={startsAtLogin ?? false}
                disabled={startsAtLogin === null}
                onChange={(e) => void hostApi().setStartsAtLogin(e.target.checked).then(setStartsAtLogin)}
              />
            }
            label="Start Switchboard when I sign in to this computer"
          />
          <Typography variant="subtitle2" component="h3">
            Shortcuts from any program
          </Typography>
          {bindings &&
            (Object.keys(LABELS) as Array<keyof typeof LABELS>).map((action) => (
              <TextField
                key={action}
                size="small"
                label={LABELS[action]}
                helperText="Like CommandOrControl+Alt+Shift+L; empty turns it off"
                value={bindings[action] ?? ''}
                onChange={(e) => {
                  setSaved(false);
                  setBindings({ ...bindings, [action]: e.target.value.trim() || null });
                }}
              />
            ))}
          {problems.map((p) => (
            <Alert key={p.action} severity="error">
              {p.message}
            </Alert>
          ))}
          {saved && <Alert severity="success">Shortcuts saved.</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void saveShortcuts()} disabled={!bindings}>
          Save shortcuts
        </Button>
        <Button onClick={onClose} variant="contained">
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
