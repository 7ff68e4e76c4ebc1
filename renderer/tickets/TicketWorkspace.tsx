import { Box, Button, Chip, Divider, Link, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CATEGORIES, findCategory } from '../../core/ticket/category';
import { STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions } from '../workstation/ui-store';
import type { ActionResult } from '../workstation/triage-actions';
import type { User } from '../../core/people/user';
import { EditTicketDialog } from './EditTicketDialog';
import { EscalationBanner } from './EscalationBanner';
import { SlaChips } from './SlaChips';
import { slaTimelineEntries } from './sla-timeline';
import { TicketTimeline } from './TicketTimeline';
import { useTicketSla } from './use-ticket-sla';

/** The customer's page in the directory, from their name on a ticket. */
function openCustomer(customerId: string): void {
  uiActions().customersChosen();
  uiActions().customerOpened(customerId);
}

/** One ticket: its header and its whole timeline, read from the mirror. */
export function TicketWorkspace({
  db,
  ticketId,
  viewer,
  onEdit,
  onAcknowledge,
  onDeescalate,
}: {
  db: MirrorDb;
  ticketId: string;
  viewer: User;
  onEdit?: (fields: { subject: string; description: string }) => Promise<ActionResult>;
  onAcknowledge?: () => void;
  onDeescalate?: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const ticket = useLiveQuery(() => db.tickets.get(ticketId), [db, ticketId]);
  const customer = useLiveQuery(async () => (ticket?.customerId ? db.customers.get(ticket.customerId) : undefined), [db, ticket?.customerId]);
  const sla = useTicketSla(db, ticket);
  if (!ticket) return <Typography sx={{ p: 3 }}>This ticket is not in your view any more.</Typography>;
  return (
    <Box sx={{ p: 2, overflow: 'auto', height: '100%' }} data-testid="ticket-workspace">
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h6" component="h2" data-testid="ticket-number">
          {formatTicketNumber(ticket.number)}
        </Typography>
        <Chip label={ticket.priority} data-testid="ticket-priority" />
        <Chip label={STATUS_LABELS[ticket.status]} variant="outlined" data-testid="ticket-status" />
        {ticket.escalationLevel > 0 && <Chip color="error" label={`Escalated (level ${ticket.escalationLevel})`} />}
        {onEdit && (
          <Button size="small" onClick={() => setEditing(true)}>
            Edit subject and description
          </Button>
        )}
      </Stack>
      {sla && <SlaChips clocks={[sla.report.firstResponse, sla.report.resolution]} timeZone={sla.timeZone} />}
      <EscalationBanner db={db} ticket={ticket} viewer={viewer} onAcknowledge={onAcknowledge} onDeescalate={onDeescalate} />
      <Typography variant="h5" component="p" gutterBottom sx={{ mt: 1 }} data-testid="ticket-subject">
        {ticket.subject}
      </Typography>
      <Typography color="text.secondary" gutterBottom>
        {customer ? (
          <Link component="button" variant="body1" onClick={() => openCustomer(customer.id)} data-testid="ticket-customer">
            {customer.name}
          </Link>
        ) : (
          'No customer'
        )}
        {customer?.company ? ` · ${customer.company}` : ''} · {findCategory(DEFAULT_CATEGORIES, ticket.categoryId)?.label ?? ticket.categoryId} · impact {ticket.impact}, urgency {ticket.urgency}
      </Typography>
      {ticket.description && <Typography sx={{ whiteSpace: 'pre-wrap', my: 2 }}>{ticket.description}</Typography>}
      {ticket.resolutionSummary && (
        <Typography sx={{ my: 2 }} data-testid="ticket-resolution">
          Resolution: {ticket.resolutionSummary}
        </Typography>
      )}
      <Divider />
      <TicketTimeline db={db} ticketId={ticket.id} sla={sla ? slaTimelineEntries(sla.report) : []} />
      {editing && onEdit && <EditTicketDialog ticket={ticket} onSave={onEdit} onClose={() => setEditing(false)} />}
    </Box>
  );
}
