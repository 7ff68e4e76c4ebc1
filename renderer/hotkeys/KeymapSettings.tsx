import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow, TextField } from '@mui/material';
import { useState } from 'react';
import type { ActionId, KeyBinding } from './keymap';
import { keymapActions, useKeymap } from './keymap-settings';

function KeyField({ binding, onError }: { binding: KeyBinding; onError: (message: string | null) => void }) {
  const [text, setText] = useState(binding.keys.join(', '));
  const save = () => {
    const keys = text.split(',').map((k) => k.trim()).filter(Boolean);
    const result = keymapActions().remapped(binding.id, keys);
    onError(result.ok ? null : result.message);
    if (!result.ok) setText(binding.keys.join(', '));
  };
  return (
    <TextField
      size="small"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
      slotProps={{ htmlInput: { 'aria-label': `Keys for ${binding.label}` } }}
    />
  );
}

/** Remap any action; a key another action uses, or one that would start a sequence, is refused with the reason. */
export function KeymapSettings({ available, onClose }: { available: ReadonlySet<ActionId>; onClose: () => void }) {
  const keymap = useKeymap();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog open onClose={onClose} aria-labelledby="keymap-settings-title" maxWidth="md">
      <DialogTitle id="keymap-settings-title">Keyboard settings</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {error}
          </Alert>
        )}
        <Table size="small">
          <TableBody>
            {keymap
              .filter((b) => available.has(b.id))
              .map((binding) => (
                <TableRow key={`${binding.id}:${binding.keys.join()}`}>
                  <TableCell>{binding.label}</TableCell>
                  <TableCell>
                    <KeyField binding={binding} onError={setError} />
                  </TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => keymapActions().resetToDefaults()}>Reset to defaults</Button>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
