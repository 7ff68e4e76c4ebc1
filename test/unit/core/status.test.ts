import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TICKET_STATUSES,
  canTransition,
  transitionStatus,
  type StatusState,
  type TicketStatus,
} from '../../../core/ticket/status';

const fresh = (status: TicketStatus, extra: Partial<StatusState> = {}): StatusState => ({
  status,
  resolutionSummary: null,
  resolvedAt: null,
  closedAt: null,
  reopenCount: 0,
  ...extra,
});
const NOW = new Date('2026-11-25T10:00:00Z');

describe('ticket lifecycle', () => {
  it('walks the happy path new → open → pending customer → open → resolved → closed', () => {
    let state = fresh('new');
    for (const to of ['open', 'pending_customer', 'open'] as const) {
      const next = transitionStatus(state, { to }, NOW);
      expect(next.ok).toBe(true);
      if (next.ok) state = next.value;
    }
    const resolved = transitionStatus(state, { to: 'resolved', resolutionSummary: '  Reset the router  ' }, NOW);
    expect(resolved).toMatchObject({ ok: true, value: { status: 'resolved', resolutionSummary: 'Reset the router', resolvedAt: NOW.toISOString() } });
    if (!resolved.ok) return;
    const closed = transitionStatus(resolved.value, { to: 'closed' }, NOW);
    expect(closed).toMatchObject({ ok: true, value: { status: 'closed', closedAt: NOW.toISOString() } });
  });

  it('lets a phone call be resolved on first contact (new → resolved)', () => {
    expect(transitionStatus(fresh('new'), { to: 'resolved', resolutionSummary: 'Explained the invoice' }, NOW).ok).toBe(true);
  });

  it('refuses to resolve without a resolution summary, and says so', () => {
    for (const summary of [undefined, '', '   ']) {
      const result = transitionStatus(fresh('open'), { to: 'resolved', resolutionSummary: summary }, NOW);
      expect(result).toMatchObject({ ok: false, error: { code: 'resolution_summary_required' } });
      expect(!result.ok && result.error.reason).toMatch(/resolution summary/i);
    }
  });

  it('refuses illegal moves with the moves that are allowed', () => {
    const result = transitionStatus(fresh('new'), { to: 'closed' }, NOW);
    expect(result).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    expect(!result.ok && result.error.reason).toBe(
      'A new ticket cannot become closed; it can become: open, pending customer, on hold, resolved.',
    );
    expect(transitionStatus(fresh('open'), { to: 'new' }, NOW).ok).toBe(false);
    expect(transitionStatus(fresh('open'), { to: 'open' }, NOW)).toMatchObject({ ok: false, error: { code: 'same_status' } });
  });

  it('reopens a resolved ticket, keeping the summary as history and counting the reopen', () => {
    const resolved = fresh('resolved', { resolutionSummary: 'Patched', resolvedAt: '2026-11-20T10:00:00.000Z' });
    expect(transitionStatus(resolved, { to: 'open' }, NOW)).toEqual({
      ok: true,
      value: { status: 'open', resolutionSummary: 'Patched', resolvedAt: null, closedAt: null, reopenCount: 1 },
    });
  });

  it('reopens a closed ticket only inside the configured window', () => {
    const closed = fresh('closed', { closedAt: '2026-11-15T10:00:00.000Z' });
    expect(transitionStatus(closed, { to: 'open' }, NOW, { reopenWindowDays: 14 }).ok).toBe(true);
    const late = transitionStatus(closed, { to: 'open' }, NOW, { reopenWindowDays: 7 });
    expect(late).toMatchObject({ ok: false, error: { code: 'reopen_window_expired' } });
    expect(!late.ok && late.error.reason).toContain('more than 7 days ago');
  });

  it('never produces a state the transition table does not allow (random walks)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...TICKET_STATUSES), fc.option(fc.string(), { nil: undefined })), { maxLength: 40 }),
        (steps) => {
          let state = fresh('new');
          let reopens = 0;
          for (const [to, summary] of steps) {
            const next = transitionStatus(state, { to, resolutionSummary: summary }, NOW);
            if (next.ok) {
              expect(canTransition(state.status, to)).toBe(true);
              if (to === 'resolved') expect(next.value.resolutionSummary?.trim()).toBeTruthy();
              if ((state.status === 'resolved' || state.status === 'closed') && to === 'open') reopens++;
              state = next.value;
            } else {
              expect(next.error.reason.length).toBeGreaterThan(10);
            }
          }
          expect(state.reopenCount).toBe(reopens);
        },
      ),
    );
  });
});
