import { memo } from 'react';
import { STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import { uiActions } from '../workstation/ui-store';
import type { MirrorTicket } from './queue-fields';

const PRIORITY_COLOR = { critical: 'error', high: 'warning', medium: 'info', low: 'default' } as const;

interface QueueRowProps {
  readonly id: string;
  readonly index: number;
  /** Undefined while the row is still being read from the mirror. */
  readonly ticket: MirrorTicket | undefined;
  readonly selected: boolean;
  readonly dueText: string;
  readonly overdue: boolean;
  /** An open escalation: how long it has waited for a supervisor, or that one acknowledged it. */
  readonly escalation: { readonly text: string; readonly waiting: boolean } | null;
}

/**
 * One row of the queue, styled by its class (QueueStyles). Memoised: a triage key changes one ticket
 * (or the selection), so only the rows whose props changed re-render, and the key's row is painted in the
 * next frame.
 */
export const QueueRow = memo(function QueueRow({ id, index, ticket, selected, dueText, overdue, escalation }: QueueRowProps) {
  return (
    <div
      id={`row-${id}`}
      className="queue-row"
      role="option"
      aria-selected={selected}
      data-testid="queue-row"
      data-ticket-id={id}
      data-index={index}
      onClick={() => uiActions().rowSelected(index, id)}
      onDoubleClick={() => uiActions().ticketOpened(id)}
    >
      {ticket ? (
        <>
          <p className="queue-text queue-number" data-testid="row-number">{formatTicketNumber(ticket.number)}</p>
          <span className="queue-chip queue-priority" data-color={PRIORITY_COLOR[ticket.priority]} data-testid="row-priority">{ticket.priority}</span>
          <p className="queue-text queue-subject">{ticket.subject}</p>
          {escalation && (
            <span className="queue-chip" data-color={escalation.waiting ? 'error' : 'success'} data-testid="row-escalation">{escalation.text}</span>
          )}
          <span className="queue-caption queue-status" data-testid="row-status">{STATUS_LABELS[ticket.status]}</span>
          <span className="queue-caption queue-due" data-overdue={overdue} data-testid="row-due" data-due={ticket.slaDueAt ?? ''}>
            {dueText}
          </span>
        </>
      ) : null}
    </div>
  );
});
