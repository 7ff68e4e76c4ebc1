import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { requestNotificationPermission } from './alert-notifier';
import type { SlaAlertSettings } from './alert-settings';
import { alertSettingsActions, useAlertSettings } from './alert-settings-store';

const PERMISSION_TEXT: Record<NotificationPermission | 'unsupported', string> = {
  granted: 'Desktop notifications are on.',
  denied: 'Desktop notifications are blocked for this site; alerts appear inside Switchboard only. Allow them in the browser’s site settings.',
  default: 'Desktop notifications are not allowed yet.',
  unsupported: 'This browser cannot show desktop notifications; alerts appear inside Switchboard.',
};

/** Thresholds, per-level toggles and quiet hours; refused values say why and change nothing. */
export function AlertSettingsDialog({ onClose }: { onClose: () => void }) {
  const current = useAlertSettings();
  const [draft, setDraft] = useState<SlaAlertSettings>(current);
  const [error, setError] = useState<string | null>(null);
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const save = () => {
    const result = alertSettingsActions().saved(draft);
    if (result.ok) onClose();
    else setError(result.message);
  };
  const percentField = (level: 'atRisk' | 'warning', label: string) => (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      <FormControlLabel
        control={<Switch checked={draft[level].enabled} onChange={(e) => setDraft({ ...draft, [level]: { ...draft[level], enabled: e.target.checked } })} />}
        label={label}
        sx={{ width: 200 }}
      />
      <TextField
        size="small"
        type="number"
        label={`${label} at (% of target)`}
        value={draft[level].percent}
        onChange={(e) => setDraft({ ...draft, [level]: { ...draft[level], percent: Number(e.target.value) } })}
        sx={{ width: 200 }}
      />
    </Stack>
  );
  return (
    <Dialog open onClose={onClose} aria-labelledby="alert-settings-title">
      <DialogTitle id="alert-settings-title">SLA alert settings</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          {percentField('atRisk', 'At-risk alert')}
          {percentField('warning', 'Warning alert')}
          <FormControlLabel
            control={<Switch checked={draft.breach.enabled} onChange={(e) => setDraft({ ...draft, breach: { enabled: e.target.checked } })} />}
            label="Breach alert (100 %)"
          />
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <FormControlLabel
              control={<Switch checked={draft.quietHours.enabled} onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, enabled: e.target.checked } })} />}
              label="Quiet hours"
              sx={{ width: 200 }}
            />
            <TextField size="small" label="From (HH:MM)" value={draft.quietHours.from} onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, from: e.target.value } })} sx={{ width: 110 }} />
            <TextField size="small" label="To (HH:MM)" value={draft.quietHours.to} onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, to: e.target.value } })} sx={{ width: 110 }} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {PERMISSION_TEXT[permission]}
          </Typography>
          {permission === 'default' && (
            <Button variant="outlined" onClick={() => void requestNotificationPermission().then(setPermission)}>
              Allow desktop notifications
            </Button>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
