import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import type { ActionResult } from '../workstation/triage-actions';
import type { TextAction } from '../workstation/ui-store';

const COPY: Record<TextAction, { title: string; label: string; save: string }> = {
  resolve: { title: 'Resolve ticket', label: 'Resolution summary: what fixed it', save: 'Resolve' },
  internalNote: { title: 'Internal note', label: 'Note for colleagues (the customer does not see it)', save: 'Add note' },
  publicReply: { title: 'Reply to the customer', label: 'Reply', save: 'Send reply' },
  escalate: { title: 'Escalate to a supervisor', label: 'Handover note: what you tried, what you told the customer', save: 'Escalate' },
  acknowledge: { title: 'Acknowledge the escalation', label: 'What you will do (optional; the agent who escalated reads it)', save: 'Acknowledge' },
  deescalate: { title: 'De-escalate', label: 'Why it no longer needs a supervisor (the agent who escalated reads this)', save: 'De-escalate' },
};

/**
 * The text an action needs. On a refusal the dialog stays open with the reason and the text, so
 * nothing the agent typed is lost.
 */
export function TextActionDialog({ kind, onSave, onClose }: { kind: TextAction; onSave: (text: string, customerUpdate: string) => Promise<ActionResult>; onClose: () => void }) {
  const [text, setText] = useState('');
  // Escalation only: an optional status update the customer sees, sent as a public reply.
  const [customerUpdate, setCustomerUpdate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const copy = COPY[kind];
  const save = async () => {
    const result = await onSave(text, customerUpdate);
    if (result.ok) onClose();
    else setError(result.message);
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="text-action-title">
      <DialogTitle id="text-action-title">{copy.title}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
        <TextField
          label={copy.label}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
          }}
          multiline
          minRows={3}
          fullWidth
          autoFocus
          sx={{ mt: 1 }}
        />
        {kind === 'escalate' && (
          <TextField
            label="Tell the customer (optional, sent as a reply)"
            placeholder="Your request has been passed to our senior team."
            value={customerUpdate}
            onChange={(e) => setCustomerUpdate(e.target.value)}
            multiline
            minRows={2}
            fullWidth
            sx={{ mt: 2 }}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          {copy.save}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
