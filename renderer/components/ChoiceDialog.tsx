import { Dialog, DialogTitle, List, ListItemButton, ListItemText, TextField, Typography } from '@mui/material';
import { useId, useState } from 'react';

export interface Choice {
  readonly id: string;
  readonly primary: string;
  readonly secondary?: string;
}

/**
 * Pick one of a list from the keyboard: type to filter (every word must appear), arrows to move, Enter
 * to choose, Escape to leave. The command palette and the triage pickers are all this.
 */
export function ChoiceDialog({ title, inputLabel, choices, onChoose, onClose }: { title: string; inputLabel: string; choices: readonly Choice[]; onChoose: (id: string) => void; onClose: () => void }) {
  const titleId = useId();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = choices.filter((c) => words.every((w) => `${c.primary} ${c.secondary ?? ''}`.toLowerCase().includes(w)));
  const selected = Math.min(index, Math.max(matches.length - 1, 0));
  const choose = (choice: Choice | undefined) => {
    if (!choice) return;
    onClose();
    onChoose(choice.id);
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ pb: 0 }}>
        {title}
      </DialogTitle>
      <TextField
        autoFocus
        placeholder="Type to filter…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex(Math.min(selected + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setIndex(Math.max(selected - 1, 0));
          else if (e.key === 'Enter') choose(matches[selected]);
          else return;
          e.preventDefault();
        }}
        slotProps={{ htmlInput: { 'aria-label': inputLabel } }}
        sx={{ m: 1 }}
      />
      <List dense role="listbox" aria-label={`${title}: choices`} sx={{ maxHeight: 360, overflow: 'auto' }}>
        {matches.map((choice, i) => (
          <ListItemButton key={choice.id} role="option" aria-selected={i === selected} selected={i === selected} onClick={() => choose(choice)}>
            <ListItemText primary={choice.primary} />
            {choice.secondary && (
              <Typography variant="caption" color="text.secondary">
                {choice.secondary}
              </Typography>
            )}
          </ListItemButton>
        ))}
        {matches.length === 0 && (
          <Typography sx={{ p: 2 }} color="text.secondary">
            Nothing matches.
          </Typography>
        )}
      </List>
    </Dialog>
  );
}
