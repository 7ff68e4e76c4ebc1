import { Box, Chip, List, ListItem, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatPhoneNumber } from '../../core/customer/phone-number';
import { DONE_STATUSES, STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions } from '../workstation/ui-store';

const RECENT_CALLS = 20;

/** One customer: contact details, open tickets first, then past ones, and their latest calls. */
export function CustomerDetail({ db, customerId }: { db: MirrorDb; customerId: string }) {
  const customer = useLiveQuery(() => db.customers.get(customerId), [db, customerId]);
  const tickets = useLiveQuery(() => db.tickets.where('customerId').equals(customerId).toArray(), [db, customerId]) ?? [];
  const calls = useLiveQuery(async () => (await db.calls.where('customerId').equals(customerId).toArray()).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, RECENT_CALLS), [db, customerId]) ?? [];
  if (!customer) return <Typography sx={{ p: 3 }}>This customer is not in your view.</Typography>;
  const ordered = [...tickets].sort((a, b) => Number(DONE_STATUSES.has(a.status)) - Number(DONE_STATUSES.has(b.status)) || b.updatedAt.localeCompare(a.updatedAt));
  const open = tickets.filter((t) => !DONE_STATUSES.has(t.status)).length;
  return (
    <Box sx={{ p: 2 }} data-testid="customer-detail">
      <Typography variant="h5" component="h2">
        {customer.name}
      </Typography>
      <Typography color="text.secondary" gutterBottom>
        {[customer.company, ...customer.phones.map(formatPhoneNumber), ...customer.emails].filter(Boolean).join(' · ') || 'No contact details'}
      </Typography>
      {customer.notes && <Typography sx={{ whiteSpace: 'pre-wrap', my: 1 }}>{customer.notes}</Typography>}
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        <Chip label={`${open} open`} color={open > 0 ? 'primary' : 'default'} />
        <Chip label={`${tickets.length} tickets`} variant="outlined" />
        <Chip label={`${calls.length}${calls.length === RECENT_CALLS ? '+' : ''} calls`} variant="outlined" />
      </Stack>
      <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
        Tickets
      </Typography>
      {ordered.length === 0 ? (
        <Typography color="text.secondary">No tickets.</Typography>
      ) : (
        <List dense aria-label={`Tickets of ${customer.name}`}>
          {ordered.map((t) => (
            <ListItem key={t.id} disablePadding>
              <ListItemButton onClick={() => uiActions().ticketOpened(t.id)} data-testid="customer-ticket">
                <ListItemText primary={`${formatTicketNumber(t.number)} · ${t.subject}`} secondary={`${STATUS_LABELS[t.status]} · ${t.priority} · updated ${new Date(t.updatedAt).toLocaleString()}`} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      )}
      <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
        Recent calls
      </Typography>
      {calls.length === 0 ? (
        <Typography color="text.secondary">No calls.</Typography>
      ) : (
        <List dense aria-label={`Calls with ${customer.name}`}>
          {calls.map((c) => (
            <ListItem key={c.id}>
              <ListItemText primary={`${new Date(c.startedAt).toLocaleString()} · ${c.direction} · ${c.disposition ?? 'no disposition'}`} secondary={c.notes || 'No notes'} />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
