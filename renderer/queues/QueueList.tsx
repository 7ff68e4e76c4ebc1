import { Box, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { User } from '../../core/people/user';
import { DONE_STATUSES } from '../../core/ticket/status';
import type { MirrorDb } from '../sync/mirror-db';
import { usePacedLiveQuery } from '../sync/use-paced-live-query';
import { firstScreenShown } from '../sync/first-screen';
import { overlaid, rowOverlay, useRowOverlay } from '../workstation/row-overlay';
import { uiActions, useUi } from '../workstation/ui-store';
import { dueLabel, escalationLabel } from '../sla/due-label';
import { useNow } from '../sla/use-now';
import type { MirrorTicket } from './queue-fields';
import { queueIndex } from './queue-index';
import { peekEarlyQueueRead, queueClock, queueViewKey, readQueue, takeEarlyQueueRead } from './queue-read';
import { QueueRow } from './QueueRow';
import { useTicketRows } from './use-ticket-rows';
import { QUEUE_SCROLLER_CLASS, ROW_HEIGHT } from './queue-row-styles';
import { queueShown } from './shown-queue';

const NO_IDS: string[] = [];
/**
 * Rows mounted (and read) beyond each edge of the list: 160 px, more than a wheel notch moves it. A fast
 * scroll mounts a whole new window every frame; with 10 it mounted 37 rows a frame instead of 25, and
 * dropped 5-6 frames of 600 against 3-4 in the same runs (docs/performance.md).
 */
const OVERSCAN_ROWS = 4;

/**
 * The queue: ids from one indexed query, rows fetched only for what is on screen. Keyboard selection
 * moves an index in the UI store and scrolls to it, because rows that are not mounted cannot hold focus.
 */
export function QueueList({ db, user }: { db: MirrorDb; user: User }) {
  const queueId = useUi((s) => s.queueId);
  const sort = useUi((s) => s.sort);
  const filters = useUi((s) => s.filters);
  const selectedIndex = useUi((s) => s.selectedIndex);
  // The at-risk queue gains tickets as time passes, with no data changing.
  const clock = useNow();
  const tick = clock.toISOString();
  const due = (ticket: MirrorTicket) => (!DONE_STATUSES.has(ticket.status) ? dueLabel(ticket.slaDueAt, clock) : { text: '', overdue: false });
  const now = queueClock(queueId, tick);
  // useLiveQuery keeps its last result while a new query runs: a result is used only for the view it was
  // asked for, so a keypress right after switching queues never acts on the previous queue's rows.
  const view = queueViewKey({ queueId, sort, filters });
  // Not useLiveQuery: it records every id a query returns to know what to watch, which for All open on a
  // big mirror (75,000 ids) stalled the main thread after every write. Any ticket write re-reads the ids.
  // The first screen's rows come with the ids, so a reload or a new queue paints its rows without waiting
  // for a render and a second read; after a reload that read began before the workstation rendered.
  const result = usePacedLiveQuery(
    db,
    ['tickets'],
    () => {
      const asked = { queueId, sort, filters, now };
      return takeEarlyQueueRead(db, user, asked) ?? readQueue(db, user, asked);
    },
    [user, queueId, now, sort, filters, view],
    0,
    // Already come when the page started before it: the first render shows the rows (the read above
    // then hands back the same answer, which renders nothing new).
    () => peekEarlyQueueRead(db, user, view),
  );
  const ids = result?.view === view ? result.ids : NO_IDS;
  useEffect(() => queueShown(ids), [ids]);
  useEffect(() => () => queueShown([]), []);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React cannot memoise; the list re-renders with its parent, which is what we want.
  const virtualizer = useVirtualizer({ count: ids.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN_ROWS });
  const visible = virtualizer.getVirtualItems();
  const first = visible[0]?.index ?? 0;
  const last = visible.at(-1)?.index ?? -1;
  const windowIds = ids.slice(first, last + 1);
  // The window's rows from the rows the queue index keeps as they are written: read from the mirror only the
  // first time they are on screen, and the same objects until written again, so only a changed row renders.
  const kept = queueIndex(db).rows;
  useTicketRows(kept, windowIds);
  const patches = useRowOverlay();
  const caughtUp: string[] = [];
  const byId = new Map<string, MirrorTicket>();
  for (const id of windowIds) {
    const row = kept.get(id);
    if (row) byId.set(id, overlaid(row, patches, caughtUp));
  }
  // A queue shown empty while the mirror holds tickets (a supervisor's My work) is a first screen too: a first
  // sign-in's bootstrap, a reload's whole index and the deferred reads need not wait out their caps for rows
  // that will not come. The head snapshot answers empty only when it holds all of the queue.
  const shownEmpty = result?.view === view && result.ids.length === 0 && (result.firstScreenOnly === true || result.emptyWithTickets === true);
  const showing = windowIds.some((id) => byId.has(id)) || shownEmpty;
  // On screen (effects run once the rows are committed): a first sign-in's bootstrap may write its next page.
  useEffect(() => {
    if (showing) firstScreenShown();
  }, [showing]);
  const settledKey = caughtUp.join();
  useEffect(() => {
    for (const id of settledKey ? settledKey.split(',') : []) rowOverlay().settled(id);
  }, [settledKey]);

  // A triage change can move the selected ticket (a new priority, a new due time): the selection follows
  // it. Once it leaves the queue (resolved, reassigned) the same position selects the next one.
  const followedTicketId = useUi((s) => s.selectedTicketId);
  const followed = useMemo(() => (followedTicketId ? ids.indexOf(followedTicketId) : -1), [ids, followedTicketId]);
  const clamped = followed >= 0 ? followed : Math.min(selectedIndex, Math.max(ids.length - 1, 0));
  const selectedId = ids[clamped] ?? null;
  // Also when the store lost the id (the same queue chosen again): the highlighted row is what keys act on.
  // Not while the view's ids are still being read: an empty list would drop the selection it should follow.
  const loaded = result?.view === view;
  useEffect(() => {
    if (!loaded) return;
    if (followedTicketId === selectedId && uiActions().selectedIndex === clamped) return;
    uiActions().rowSelected(clamped, selectedId);
  }, [loaded, clamped, selectedId, followedTicketId]);
  // The selection moved (a key, a change that moved the selected ticket, another queue): it is scrolled
  // into view. A mouse scroll alone moves no selection, so it scrolls nothing back.
  const hasRows = ids.length > 0;
  useEffect(() => {
    if (!loaded || !hasRows) return;
    // Already wholly on screen (a triage key that kept the ticket in view): nothing to scroll. scrollToIndex
    // would still check the position again in the next frames, each reading the list's layout just before
    // the frame that paints the key's row.
    const list = scroller.current;
    if (list && clamped * ROW_HEIGHT >= list.scrollTop && (clamped + 1) * ROW_HEIGHT <= list.scrollTop + list.clientHeight) return;
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  }, [loaded, hasRows, clamped, view, virtualizer]);

  // A screen reader is pointed at the selected row only while it is mounted: scrolled out of the window, the
  // id would name no element, and the list would announce nothing (the keys scroll it back into view).
  const selectedMounted = visible.some((item) => item.index === clamped);

  if (result?.view !== view) return <Box sx={{ height: '100%' }} aria-busy="true" data-testid="queue-loading" />;
  if (ids.length === 0) {
    return (
      <Typography sx={{ p: 3 }} color="text.secondary" data-testid="queue-empty">
        Nothing in this queue.
      </Typography>
    );
  }
  return (
    <div ref={scroller} className={QUEUE_SCROLLER_CLASS} role="listbox" aria-label="Tickets" aria-activedescendant={selectedId && selectedMounted ? `row-${selectedId}` : undefined} tabIndex={0} data-testid="queue-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {/* One offset for the whole window, the rows in flow inside it: Chromium lays out an absolutely
            positioned row far down a long list several times slower than one near its container's top. */}
        <div className="queue-window" style={{ transform: `translateY(${visible[0]?.start ?? 0}px)` }}>
          {visible.map((item) => {
            const id = ids[item.index]!;
            const ticket = byId.get(id);
            const label = ticket ? due(ticket) : null;
            const escalation = ticket ? escalationLabel(ticket, clock) : null;
            return (
              <QueueRow key={id} id={id} index={item.index} ticket={ticket} selected={item.index === clamped} dueText={label?.text ?? ''} overdue={label?.overdue ?? false} escalation={escalation} />
            );
          })}
        </div>
      </div>
    </div>
  );
}
