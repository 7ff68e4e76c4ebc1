import { Alert, Box, Chip, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type DragEvent, type ReactNode } from 'react';
import { AVAILABILITY_LABELS, type Availability } from '../../core/people/user';
import type { BoardAgent } from '../../core/protocol/presence';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { LiveChannel } from '../sync/live-channel';
import type { MirrorDb } from '../sync/mirror-db';
import { usePacedLiveQuery } from '../sync/use-paced-live-query';
import { readyQueueIndex } from '../queues/queue-index';
import { dueLabel } from '../sla/due-label';
import { useNow } from '../sla/use-now';
import { uiActions } from '../workstation/ui-store';
import { useTeamBoard } from './use-team-board';

const TICKETS_SHOWN = 6;
const DRAG_TYPE = 'application/x-switchboard-ticket';
const AVAILABILITY_COLOR: Readonly<Record<Availability, 'success' | 'info' | 'warning' | 'default'>> = { available: 'success', on_call: 'info', away: 'warning', offline: 'default' };

/** Moves a ticket to `assigneeId` (null: back to the team queue); the board passes it to the triage actions. */
export type Reassign = (ticketId: string, assigneeId: string | null) => void;

/** A ticket on the board: Enter opens it; it can be dragged onto another agent, or chosen and moved with "a" (Assign to…). */
function TicketChip({ db, ticketId, now }: { db: MirrorDb; ticketId: string; now: Date }) {
  const ticket = useLiveQuery(() => db.tickets.get(ticketId), [db, ticketId]);
  if (!ticket) return null;
  const due = dueLabel(ticket.slaDueAt, now);
  return (
    // A div, not a <button>: Chromium does not start a native drag from a button.
    <Box
      role="button"
      tabIndex={0}
      draggable
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData(DRAG_TYPE, ticket.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onFocus={() => uiActions().rowSelected(uiActions().selectedIndex, ticket.id)}
      onClick={() => uiActions().ticketOpened(ticket.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          uiActions().ticketOpened(ticket.id);
        }
      }}
      aria-label={`${formatTicketNumber(ticket.number)}: ${ticket.subject}, ${due.text}. Drag to another agent, or press A to assign.`}
      sx={{
        px: 1, py: 0.5, border: 1, borderRadius: 1, cursor: 'grab', borderColor: due.overdue ? 'error.main' : 'divider',
        '&:focus-visible': { outline: 2, outlineStyle: 'solid', outlineColor: 'primary.main', outlineOffset: 1 },
      }}
      data-testid="board-ticket"
      data-ticket-id={ticket.id}
    >
      <Typography variant="body2" noWrap component="span" sx={{ display: 'block' }}>
        {formatTicketNumber(ticket.number)} · {ticket.subject}
      </Typography>
    </Box>
  );
}

/**
 * An agent's open tickets from the mirror (or the unassigned ones for `assigneeId` ""), soonest due
 * first. Re-read on any ticket write, as the queues are: a reassignment moves a ticket between ranges.
 */
function useOpenTickets(db: MirrorDb, assigneeId: string): string[] | undefined {
  return usePacedLiveQuery(
    db,
    ['tickets'],
    async () => (await readyQueueIndex(db)).idsWhere('due', (e) => e.open && e.assigneeId === assigneeId).slice(0, TICKETS_SHOWN),
    [assigneeId],
  );
}

/** A column that takes dropped tickets: an agent, or the unassigned lane. */
function Lane({ label, testId, onDropTicket, children }: { label: string; testId: string; onDropTicket: (ticketId: string) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  return (
    <Paper
      component="section"
      aria-label={label}
      variant="outlined"
      onDragOver={(e: DragEvent) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        setOver(false);
        const ticketId = e.dataTransfer.getData(DRAG_TYPE);
        if (ticketId) onDropTicket(ticketId);
      }}
      sx={{ p: 1.5, width: 280, flexShrink: 0, borderColor: over ? 'primary.main' : 'divider', borderWidth: over ? 2 : 1 }}
      data-testid={testId}
    >
      {children}
    </Paper>
  );
}

function AgentLane({ db, agent, now, reassign }: { db: MirrorDb; agent: BoardAgent; now: Date; reassign: Reassign }) {
  const tickets = useOpenTickets(db, agent.id) ?? [];
  const load = Math.min(100, (agent.openTickets / Math.max(agent.capacity, 1)) * 100);
  return (
    <Lane label={`${agent.name}, ${AVAILABILITY_LABELS[agent.availability]}`} testId="board-agent" onDropTicket={(ticketId) => reassign(ticketId, agent.id)}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
        <Typography variant="subtitle1" component="h3">
          {agent.name}
        </Typography>
        <Chip size="small" label={AVAILABILITY_LABELS[agent.availability]} color={AVAILABILITY_COLOR[agent.availability]} data-testid="board-availability" />
      </Stack>
      <Typography variant="body2" data-testid="board-load">
        {agent.openTickets} of {agent.capacity} open
      </Typography>
      <LinearProgress variant="determinate" value={load} color={load >= 100 ? 'error' : 'primary'} aria-label={`Load: ${agent.openTickets} of ${agent.capacity}`} sx={{ my: 0.5 }} />
      <Typography variant="body2" color={agent.atRisk > 0 ? 'error' : 'text.secondary'} data-testid="board-at-risk">
        {agent.atRisk} at risk
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="board-oldest">
        {agent.oldestOpen ? `Oldest: ${formatTicketNumber(agent.oldestOpen.number)}, opened ${new Date(agent.oldestOpen.createdAt).toLocaleDateString()}` : 'No open tickets'}
      </Typography>
      <Stack spacing={0.5}>
        {tickets.map((id) => (
          <TicketChip key={id} db={db} ticketId={id} now={now} />
        ))}
      </Stack>
      {agent.openTickets > tickets.length && (
        <Typography variant="caption" color="text.secondary">
          and {agent.openTickets - tickets.length} more, less urgent
        </Typography>
      )}
    </Lane>
  );
}

function UnassignedLane({ db, now, reassign }: { db: MirrorDb; now: Date; reassign: Reassign }) {
  const tickets = useOpenTickets(db, '') ?? [];
  return (
    <Lane label="Unassigned" testId="board-unassigned" onDropTicket={(ticketId) => reassign(ticketId, null)}>
      <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
        Unassigned
      </Typography>
      <Stack spacing={0.5}>
        {tickets.length === 0 ? <Typography variant="body2" color="text.secondary">Nothing waiting</Typography> : tickets.map((id) => <TicketChip key={id} db={db} ticketId={id} now={now} />)}
      </Stack>
    </Lane>
  );
}

/**
 * The supervisor's live team board: each agent's availability, load against capacity, at-risk count
 * and oldest open ticket (from the server), with their most urgent tickets (from the mirror) to drag to
 * someone else.
 */
export function TeamBoard({ db, live, reassign }: { db: MirrorDb; live: LiveChannel; reassign: Reassign }) {
  const board = useTeamBoard(live);
  const now = useNow();
  return (
    <Box sx={{ p: 2, height: '100%', overflow: 'auto' }} data-testid="team-board">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', mb: 2 }}>
        <Typography variant="h6" component="h2">
          Team board
        </Typography>
        {'at' in board && (
          <Typography variant="body2" color={board.status === 'live' ? 'text.secondary' : 'warning.main'} data-testid="board-status">
            {board.status === 'live' ? `Live · ${new Date(board.at).toLocaleTimeString()}` : `Not live: as of ${new Date(board.at).toLocaleTimeString()}, reconnecting`}
          </Typography>
        )}
      </Stack>
      {board.status === 'unavailable' && <Alert severity="info">{board.message}</Alert>}
      {board.status === 'loading' && <LinearProgress aria-label="Loading the team board" />}
      {'agents' in board && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
          <UnassignedLane db={db} now={now} reassign={reassign} />
          {board.agents.map((agent) => (
            <AgentLane key={agent.id} db={db} agent={agent} now={now} reassign={reassign} />
          ))}
          {board.agents.length === 0 && <Typography color="text.secondary">No agents in your teams.</Typography>}
        </Stack>
      )}
    </Box>
  );
}
