import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { DISPOSITION_LABELS, callDurationSeconds, formatCallDuration } from '../../core/call/call';
import { STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '../../core/ticket/status';
import type { TicketEvent } from '../../core/ticket/ticket-event';
import type { MirrorDb } from '../sync/mirror-db';
import { loadWorkspace } from '../workspace/workspace-config';
import type { SlaTimelineEntry } from './sla-timeline';

interface Entry {
  readonly id: string;
  readonly at: string;
  readonly title: string;
  readonly body?: string;
}

const statusLabel = (status: string | undefined) =>
  status && (TICKET_STATUSES as readonly string[]).includes(status) ? STATUS_LABELS[status as TicketStatus] : (status ?? '?');

function describeEvent(event: TicketEvent, name: (userId: string | null) => string): string {
  const d = event.data as Record<string, string | undefined>;
  switch (event.kind) {
    case 'created':
      return 'Ticket created';
    case 'routed':
      return `Routed: ${d.reason ?? ''}`;
    case 'status_changed':
      return `Status: ${statusLabel(d.from)} → ${statusLabel(d.to)}`;
    case 'priority_changed':
      return `Priority: ${d.from ?? '?'} → ${d.to ?? '?'}`;
    case 'field_changed':
      return `${d.field ?? 'Field'} changed`;
    case 'responded':
      return 'First response to the customer';
    case 'escalated': {
      const to = { assignee: 'warning to the assignee', team_supervisors: "to the team's supervisors", all_supervisors: 'to every supervisor' }[d.toRole ?? ''] ?? '';
      if (d.reason === 'manual') return `Escalated ${to} by ${name(event.actorId)}. Handover note: ${d.note ?? ''}`;
      const why = d.reason === 'sla_percent' ? ` (SLA ${d.percent ?? '?'} % used)` : d.reason === 'severity' ? ' (priority)' : '';
      return `Escalated ${to}${why}`.trim();
    }
    case 'escalation_acknowledged':
      return `Escalation acknowledged by ${name(event.actorId)}${d.note ? `: ${d.note}` : ''}`;
    case 'escalation_reassigned':
      return `Escalation answered by ${name(event.actorId)}: reassigned to ${d.toAssigneeId ? name(d.toAssigneeId) : 'nobody (team queue)'}${d.note ? `. ${d.note}` : ''}`;
    case 'deescalated':
      return `De-escalated by ${name(event.actorId)} (level ${d.fromLevel ?? '?'} → ${d.toLevel ?? '?'}): ${d.note ?? ''}`;
    case 'edit_lost':
    case 'revision_kept':
      return `A later edit of ${d.field ?? 'a field'} was kept; this one is saved in history`;
    case 'change_rejected':
      return `A change was refused: ${d.reason ?? ''}`;
  }
}

/**
 * Calls, comments, history and the SLA clocks' pauses of one ticket, oldest first, from the mirror (so it
 * works offline). `sla` comes from the clocks the workspace computes on the team's calendar.
 */
export function TicketTimeline({ db, ticketId, sla = [] }: { db: MirrorDb; ticketId: string; sla?: readonly SlaTimelineEntry[] }) {
  const entries = useLiveQuery(async (): Promise<Entry[]> => {
    const people = new Map((await loadWorkspace(db)).people.map((p) => [p.id, p.name]));
    const name = (userId: string | null) => (userId ? (people.get(userId) ?? 'a colleague') : 'Switchboard');
    const [events, comments, calls] = await Promise.all([
      db.events.where('ticketId').equals(ticketId).toArray(),
      db.comments.where('ticketId').equals(ticketId).toArray(),
      db.calls.where('ticketId').equals(ticketId).toArray(),
    ]);
    return [
      ...events.map((e) => ({ id: e.id, at: e.at, title: describeEvent(e, name) })),
      ...comments.map((c) => ({ id: c.id, at: c.createdAt, title: c.visibility === 'public' ? 'Reply to customer' : 'Internal note', body: c.body })),
      ...calls.map((c) => ({
        id: c.id,
        at: c.startedAt,
        title: `${c.direction === 'inbound' ? 'Inbound' : 'Outbound'} call, ${formatCallDuration(callDurationSeconds(c))}${c.disposition ? ` · ${DISPOSITION_LABELS[c.disposition]}` : ''}`,
        body: c.notes,
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
  }, [db, ticketId]);
  if (!entries) return null;
  const all: Entry[] = [...entries, ...sla].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <List dense aria-label="Timeline" data-testid="timeline">
      {all.map((entry) => (
        <ListItem key={entry.id} alignItems="flex-start" data-testid={entry.id.startsWith('sla:') ? 'timeline-sla' : 'timeline-entry'}>
          <ListItemText
            primary={entry.title}
            secondary={
              <>
                <Typography component="span" variant="caption" color="text.secondary">
                  {new Date(entry.at).toLocaleString()}
                </Typography>
                {entry.body ? <Typography component="span" variant="body2" sx={{ display: 'block', whiteSpace: 'pre-wrap' }}>{entry.body}</Typography> : null}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
