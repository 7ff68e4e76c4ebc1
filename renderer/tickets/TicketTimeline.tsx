import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { DISPOSITION_LABELS, callDurationSeconds, formatCallDuration } from '../../core/call/call';
import type { MirrorDb } from '../sync/mirror-db';
import { loadWorkspace } from '../workspace/workspace-config';
import { describeEvent, type EventNames } from './describe-event';
import type { SlaTimelineEntry } from './sla-timeline';
import { ticketHistory } from './ticket-history';

interface Entry {
  readonly id: string;
  readonly at: string;
  readonly title: string;
  readonly body?: string;
}

/**
 * Calls, comments, history and the SLA clocks' pauses of one ticket, oldest first, from the mirror (so it
 * works offline). `sla` comes from the clocks the workspace computes on the team's calendar.
 */
export function TicketTimeline({ db, ticketId, sla = [] }: { db: MirrorDb; ticketId: string; sla?: readonly SlaTimelineEntry[] }) {
  const entries = useLiveQuery(async (): Promise<Entry[]> => {
    const workspace = await loadWorkspace(db);
    const people = new Map(workspace.people.map((p) => [p.id, p.name]));
    const teams = new Map(workspace.teams.map((t) => [t.id, t.name]));
    const names: EventNames = {
      person: (userId) => (userId ? (people.get(userId) ?? 'a colleague') : 'Switchboard'),
      team: (teamId) => teams.get(teamId) ?? 'another team',
    };
    const [events, comments, calls] = await Promise.all([
      ticketHistory(db, ticketId),
      db.comments.where('ticketId').equals(ticketId).toArray(),
      db.calls.where('ticketId').equals(ticketId).toArray(),
    ]);
    return [
      ...events.map((e) => ({ id: e.id, at: e.at, title: describeEvent(e, names) })),
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
