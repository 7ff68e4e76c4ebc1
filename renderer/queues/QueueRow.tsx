import { Box, Chip, Typography } from '@mui/material';
import { memo } from 'react';
import { STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import { uiActions } from '../workstation/ui-store';
import type { MirrorTicket } from './queue-fields';

export const ROW_HEIGHT = 40;
const PRIORITY_COLOR = { critical: 'error', high: 'warning', medium: 'info', low: 'default' } as const;

interface QueueRowProps {
  readonly id: string;
  readonly index: number;
  /** Offset from the top of the list, from the virtualizer. */
  readonly top: number;
  /** Undefined while the row is still being read from the mirror. */
  readonly ticket: MirrorTicket | undefined;
  readonly selected: boolean;
  readonly dueText: string;
  readonly overdue: boolean;
  /** An open escalation: how long it has waited for a supervisor, or that one acknowledged it. */
  readonly escalation: { readonly text: string; readonly waiting: boolean } | null;
}

/**
 * One row of the queue. Memoised: a triage key changes one ticket (or the selection), so only the rows
 * whose props changed re-render, and the key's row is painted in the next frame.
 */
export const QueueRow = memo(function QueueRow({ id, index, top, ticket, selected, dueText, overdue, escalation }: QueueRowProps) {
  return (
    <Box
      id={`row-${id}`}
      role="option"
      aria-selected={selected}
      data-testid="queue-row"
      data-ticket-id={id}
      onClick={() => uiActions().rowSelected(index, id)}
      onDoubleClick={() => uiActions().ticketOpened(id)}
      sx={{
        position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)`,
        display: 'flex', alignItems: 'center', gap: 1.5, px: 2, cursor: 'pointer', borderBottom: 1, borderColor: 'divider',
        bgcolor: selected ? 'action.selected' : undefined,
      }}
    >
      {ticket ? (
        <>
          <Typography variant="body2" sx={{ width: 100, fontVariantNumeric: 'tabular-nums' }} data-testid="row-number">{formatTicketNumber(ticket.number)}</Typography>
          <Chip label={ticket.priority} color={PRIORITY_COLOR[ticket.priority]} sx={{ width: 76 }} data-testid="row-priority" />
          <Typography variant="body2" noWrap sx={{ flexGrow: 1 }}>{ticket.subject}</Typography>
          {escalation && (
            <Chip size="small" label={escalation.text} color={escalation.waiting ? 'error' : 'success'} variant={escalation.waiting ? 'filled' : 'outlined'} data-testid="row-escalation" />
          )}
          <Typography variant="caption" color="text.secondary" sx={{ width: 120 }} data-testid="row-status">{STATUS_LABELS[ticket.status]}</Typography>
          <Typography variant="caption" sx={{ width: 110, color: overdue ? 'error.main' : 'text.secondary' }} data-testid="row-due" data-due={ticket.slaDueAt ?? ''}>
            {dueText}
          </Typography>
        </>
      ) : null}
    </Box>
  );
});
