import { Dialog, DialogTitle, List, ListItemButton, ListItemText, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { formatKeys, type ActionId, type KeyBinding } from './keymap';

/**
 * Every available action, from the same keymap as the handlers and the cheat sheet: type to filter,
 * arrows to choose, Enter to run. For the agent who has not learnt a key yet.
 */
export function CommandPalette({ keymap, available, onRun, onClose }: { keymap: readonly KeyBinding[]; available: ReadonlySet<ActionId>; onRun: (id: ActionId) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = keymap.filter((b) => available.has(b.id) && b.id !== 'palette.open' && words.every((w) => b.label.toLowerCase().includes(w)));
  const selected = Math.min(index, Math.max(matches.length - 1, 0));
  const run = (binding: KeyBinding | undefined) => {
    if (!binding) return;
    onClose();
    onRun(binding.id);
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="command-palette-title">
      <DialogTitle id="command-palette-title" sx={{ pb: 0 }}>
        Command palette
      </DialogTitle>
      <TextField
        autoFocus
        placeholder="Type an action…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex(Math.min(selected + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setIndex(Math.max(selected - 1, 0));
          else if (e.key === 'Enter') run(matches[selected]);
          else return;
          e.preventDefault();
        }}
        slotProps={{ htmlInput: { 'aria-label': 'Action' } }}
        sx={{ m: 1 }}
      />
      <List dense role="listbox" aria-label="Actions" sx={{ maxHeight: 360, overflow: 'auto' }}>
        {matches.map((binding, i) => (
          <ListItemButton key={binding.id} role="option" aria-selected={i === selected} selected={i === selected} onClick={() => run(binding)}>
            <ListItemText primary={binding.label} />
            <Typography variant="caption" color="text.secondary">
              {binding.keys.map((k) => formatKeys(k, mac)).join(' or ')}
            </Typography>
          </ListItemButton>
        ))}
        {matches.length === 0 && (
          <Typography sx={{ p: 2 }} color="text.secondary">
            No action matches.
          </Typography>
        )}
      </List>
    </Dialog>
  );
}
