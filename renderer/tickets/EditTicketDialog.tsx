import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import type { MirrorTicket } from '../queues/queue-fields';
import type { ActionResult } from '../workstation/triage-actions';

/** Subject and description; other fields have their own keys and pickers. Refusals keep the text. */
export function EditTicketDialog({ ticket, onSave, onClose }: { ticket: MirrorTicket; onSave: (fields: { subject: string; description: string }) => Promise<ActionResult>; onClose: () => void }) {
  const [subject, setSubject] = useState(ticket.subject);
  const [description, setDescription] = useState(ticket.description);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const result = await onSave({ subject, description });
    if (result.ok) onClose();
    else setError(result.message);
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="edit-ticket-title">
      <DialogTitle id="edit-ticket-title">Edit ticket</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} autoFocus fullWidth />
          <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} multiline minRows={4} fullWidth />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
