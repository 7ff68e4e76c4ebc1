import { ok, refuse, type Result } from '../result';

export const TICKET_STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Pending customer',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** Statuses in which the SLA clock does not run: the desk is waiting on someone else. */
export const PAUSED_STATUSES: ReadonlySet<TicketStatus> = new Set(['pending_customer', 'on_hold']);
/** Statuses in which nobody owes the customer anything more. */
export const DONE_STATUSES: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed']);

export interface LifecyclePolicy {
  /** How long after closing a customer may still reopen a ticket instead of filing a new one. */
  readonly reopenWindowDays: number;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = { reopenWindowDays: 14 };

/**
 * Moves allowed by the support process. A phone call fixed while the caller is on the line goes from
 * new straight to resolved (first-contact resolution); closing is only ever a step after resolving.
 */
const ALLOWED: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending_customer', 'on_hold', 'resolved'],
  open: ['pending_customer', 'on_hold', 'resolved'],
  pending_customer: ['open', 'on_hold', 'resolved'],
  on_hold: ['open', 'pending_customer', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

export type StatusRefusal =
  | 'same_status'
  | 'illegal_transition'
  | 'resolution_summary_required'
  | 'reopen_window_expired';

export interface StatusState {
  readonly status: TicketStatus;
  readonly resolutionSummary: string | null;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly reopenCount: number;
}

export interface StatusChange {
  readonly to: TicketStatus;
  /** Required when moving to resolved; kept when a ticket is reopened so the history shows what was tried. */
  readonly resolutionSummary?: string | undefined;
}

/** Longest resolution summary accepted; longer text belongs in a comment. */
export const MAX_RESOLUTION_SUMMARY = 4000;

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedNextStatuses(from: TicketStatus): readonly TicketStatus[] {
  return ALLOWED[from];
}

/**
 * The lifecycle as a pure function: the next status state, or a refusal that says why in words an agent
 * understands. Runs optimistically on the client and authoritatively on the server.
 */
export function transitionStatus(
  current: StatusState,
  change: StatusChange,
  now: Date,
  policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY,
): Result<StatusState, StatusRefusal> {
  const { status: from } = current;
  const { to } = change;
  if (from === to) {
    return refuse('same_status', `The ticket is already ${STATUS_LABELS[to].toLowerCase()}.`);
  }
  if (!canTransition(from, to)) {
    const next = ALLOWED[from].map((s) => STATUS_LABELS[s].toLowerCase()).join(', ');
    return refuse(
      'illegal_transition',
      `A ${STATUS_LABELS[from].toLowerCase()} ticket cannot become ${STATUS_LABELS[to].toLowerCase()}; it can become: ${next}.`,
    );
  }
  const at = now.toISOString();
  if (to === 'resolved') {
    const summary = (change.resolutionSummary ?? '').trim();
    if (summary.length === 0) {
      return refuse('resolution_summary_required', 'Write a resolution summary (what fixed it) before resolving.');
    }
    if (summary.length > MAX_RESOLUTION_SUMMARY) {
      return refuse(
        'resolution_summary_required',
        `The resolution summary is ${summary.length} characters; keep it under ${MAX_RESOLUTION_SUMMARY} and put the rest in a note.`,
      );
    }
    return ok({ ...current, status: to, resolutionSummary: summary, resolvedAt: at, closedAt: null });
  }
  if (to === 'closed') {
    return ok({ ...current, status: to, closedAt: at });
  }
  if (from === 'closed') {
    const closedAt = current.closedAt ? Date.parse(current.closedAt) : NaN;
    const windowMs = policy.reopenWindowDays * 24 * 60 * 60 * 1000;
    if (!Number.isFinite(closedAt) || now.getTime() - closedAt > windowMs) {
      return refuse(
        'reopen_window_expired',
        `This ticket was closed more than ${policy.reopenWindowDays} days ago; open a new ticket and link it instead.`,
      );
    }
  }
  if (DONE_STATUSES.has(from)) {
    // Reopen: the summary stays as history, the ticket is live again.
    return ok({ ...current, status: to, resolvedAt: null, closedAt: null, reopenCount: current.reopenCount + 1 });
  }
  return ok({ ...current, status: to });
}
