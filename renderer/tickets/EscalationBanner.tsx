import { Alert, Button, Stack } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { supervises, type User } from '../../core/people/user';
import { DONE_STATUSES } from '../../core/ticket/status';
import type { MirrorTicket } from '../queues/queue-fields';
import { escalationLabel } from '../sla/due-label';
import { useNow } from '../sla/use-now';
import type { MirrorDb } from '../sync/mirror-db';
import { loadWorkspace } from '../workspace/workspace-config';

/**
 * Where an open escalation stands, so nobody wonders whether it was seen: how long it has waited for a
 * supervisor, or who took it on and when. Supervisors answer it from here (or with Shift+A / Shift+E).
 */
export function EscalationBanner({ db, ticket, viewer, onAcknowledge, onDeescalate }: { db: MirrorDb; ticket: MirrorTicket; viewer: User; onAcknowledge?: () => void; onDeescalate?: () => void }) {
  const now = useNow();
  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  if (ticket.escalationLevel <= 0 || DONE_STATUSES.has(ticket.status)) return null;
  const label = escalationLabel(ticket, now);
  const by = workspace?.people.find((p) => p.id === ticket.escalationAcknowledgedBy)?.name ?? 'a supervisor';
  const acknowledged = ticket.escalationAcknowledgedAt !== null && ticket.escalationAcknowledgedAt !== undefined;
  const text = acknowledged
    ? `Escalated to level ${ticket.escalationLevel}; acknowledged by ${by} at ${new Date(ticket.escalationAcknowledgedAt!).toLocaleTimeString()}.`
    : `Escalated to level ${ticket.escalationLevel}; ${label?.text ?? 'waiting'} for a supervisor.`;
  const canAnswer = supervises(viewer.role);
  return (
    <Alert
      severity={acknowledged ? 'success' : 'warning'}
      sx={{ my: 1 }}
      data-testid="escalation-banner"
      action={
        canAnswer ? (
          <Stack direction="row" spacing={1}>
            {!acknowledged && onAcknowledge && (
              <Button color="inherit" size="small" onClick={onAcknowledge}>
                Acknowledge… (Shift+A)
              </Button>
            )}
            {onDeescalate && (
              <Button color="inherit" size="small" onClick={onDeescalate}>
                De-escalate… (Shift+E)
              </Button>
            )}
          </Stack>
        ) : undefined
      }
    >
      {text}
    </Alert>
  );
}
