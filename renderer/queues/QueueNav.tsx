import { Badge, List, ListItemButton, ListItemText } from '@mui/material';
import { supervises, type User } from '../../core/people/user';
import { useTrayFeed } from '../desktop/use-tray-feed';
import type { MirrorDb } from '../sync/mirror-db';
import { useAfterFirstScreen } from '../sync/use-after-first-screen';
import { usePacedLiveQuery } from '../sync/use-paced-live-query';
import { uiActions, useUi } from '../workstation/ui-store';
import { useNow } from '../sla/use-now';
import { queueCounts, queuesFor, unacknowledgedCount } from './queue-definitions';

/** The queues with their counts, kept by the in-memory queue index, read again at most every 250 ms (and half the time) while the mirror changes. */
export function QueueNav({ db, user }: { db: MirrorDb; user: User }) {
  const current = useUi((s) => s.queueId);
  const view = useUi((s) => s.view);
  const now = useNow().toISOString();
  const queues = queuesFor(user.role);
  const oversees = supervises(user.role);
  // Counted once the queue shows its first rows: after a reload, the queue's own reads come first.
  const ready = useAfterFirstScreen();
  const counts = usePacedLiveQuery(db, ['tickets'], () => (ready ? queueCounts(db, user, now, queues) : Promise.resolve(undefined)), [user, now, ready]);
  const unacknowledged = usePacedLiveQuery(db, ['tickets'], () => (oversees ? unacknowledgedCount(db) : Promise.resolve(null)), [oversees]);
  const customers = usePacedLiveQuery(db, ['customers'], () => (ready ? db.customers.count() : Promise.resolve(undefined)), [ready]);
  // The tray icon (desktop) or the tab title (browser) shows the agent's open and at-risk tickets.
  const myOpen = counts?.[queues.findIndex((q) => q.id === 'my-work')];
  const atRisk = counts?.[queues.findIndex((q) => q.id === 'at-risk')];
  useTrayFeed(db, myOpen, atRisk, unacknowledged);
  return (
    <List dense component="nav" aria-label="Queues" sx={{ width: 220 }}>
      {queues.map((queue, i) => (
        <ListItemButton key={queue.id} selected={view === 'queue' && queue.id === current} onClick={() => uiActions().queueChosen(queue.id)} data-testid={`queue-${queue.id}`}>
          <ListItemText primary={queue.label} />
          <Badge badgeContent={counts?.[i] ?? 0} max={99_999} color="primary" showZero invisible={counts === undefined} sx={{ mr: 2 }} data-testid={`queue-count-${queue.id}`} />
        </ListItemButton>
      ))}
      {oversees && (
        <ListItemButton selected={view === 'board'} onClick={() => uiActions().boardChosen()} data-testid="nav-board">
          <ListItemText primary="Team board" />
        </ListItemButton>
      )}
      <ListItemButton selected={view === 'customers'} onClick={() => uiActions().customersChosen()} data-testid="nav-customers">
        <ListItemText primary="Customers" />
        <Badge badgeContent={customers ?? 0} max={99_999} color="secondary" showZero invisible={customers === undefined} sx={{ mr: 2 }} />
      </ListItemButton>
    </List>
  );
}
