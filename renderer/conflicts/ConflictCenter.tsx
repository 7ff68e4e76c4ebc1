import { Alert, Badge, Button, Card, CardActions, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { ConflictRecord } from '../sync/mirror-db';
import type { SyncEngine } from '../sync/sync-engine';
import { conflictReason, conflictTitle, dismissConflict, reapplyConflict, writtenContent } from './conflict-center';

function ConflictCard({ engine, record }: { engine: SyncEngine; record: ConflictRecord }) {
  const title = useLiveQuery(() => conflictTitle(engine.db, record), [engine, record]);
  const [error, setError] = useState<string | null>(null);
  return (
    <Card variant="outlined" data-testid="conflict">
      <CardContent>
        <Typography variant="subtitle1" component="h3">
          {title ?? '…'}
        </Typography>
        <Typography variant="body2" color="error.main" gutterBottom>
          {conflictReason(record)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          What you wrote ({new Date(record.at).toLocaleString()}):
        </Typography>
        {writtenContent(record).map((line) => (
          <Typography key={line} variant="body2" sx={{ whiteSpace: 'pre-wrap', pl: 1 }}>
            {line}
          </Typography>
        ))}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </CardContent>
      <CardActions>
        <Button onClick={() => void reapplyConflict(engine, record).then((r) => setError(r.ok ? null : r.message))}>Re-apply</Button>
        <Button onClick={() => void dismissConflict(engine.db, record)}>Dismiss</Button>
      </CardActions>
    </Card>
  );
}

/**
 * The agent's changes that were refused or lost to a later edit, with what they wrote kept word for
 * word. Re-apply queues the change again (now the latest edit); dismiss forgets it.
 */
export function ConflictCenter({ engine }: { engine: SyncEngine }) {
  const [open, setOpen] = useState(false);
  const records = useLiveQuery(() => engine.db.conflicts.orderBy('id').reverse().toArray(), [engine]) ?? [];
  const unseen = records.filter((r) => !r.seen).length;
  if (records.length === 0 && !open) return null;
  const show = () => {
    setOpen(true);
    void engine.db.conflicts.toCollection().modify({ seen: true });
  };
  return (
    <>
      <Button color="inherit" onClick={show} aria-label={`Conflicts: ${records.length}, ${unseen} new`} data-testid="conflicts-button">
        <Badge badgeContent={unseen} color="error">
          Conflicts ({records.length})
        </Badge>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="md" aria-labelledby="conflict-center-title">
        <DialogTitle id="conflict-center-title">Changes that did not stick</DialogTitle>
        <DialogContent>
          {records.length === 0 ? (
            <Typography color="text.secondary">Nothing left here.</Typography>
          ) : (
            <Stack spacing={1}>
              {records.map((record) => (
                <ConflictCard key={record.id} engine={engine} record={record} />
              ))}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => setOpen(false)}>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
