import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { AVAILABILITIES, type User } from '../../../core/people/user';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import type { TicketEvent } from '../../../core/ticket/ticket-event';
import { checkEscalationAlerts, FRESH_FOR_MS, type EscalationHandlers } from '../../../renderer/escalations/escalation-alerts';
import type { AlertNotifier } from '../../../renderer/sla/alert-notifier';
import type { AlertNotice } from '../../../renderer/sla/sla-alerts';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const person = (role: User['role']): User => ({ id: newId(), name: 'Sam', email: 'sam@example.test', role, teamIds: ['t'], skills: [], capacity: 20, availability: AVAILABILITIES[0] });
const ticket = (number: number): SyncedTicket => ({
  id: newId(), number, subject: 'Printer offline', description: '', channel: 'phone', categoryId: 'technical', impact: 'low', urgency: 'low', priority: 'low',
  status: 'open', tier: 1, escalationLevel: 1, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null, teamId: 't', assigneeId: null, customerId: null, tags: [], resolutionSummary: null,
  createdAt: '2026-11-25T08:00:00.000Z', updatedAt: '2026-11-25T09:59:00.000Z', firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, slaDueAt: null, slaAtRiskAt: null, version: 1,
});
const escalated = (ticketId: string, toRole: string, at: Date): TicketEvent => ({ id: newId(), ticketId, kind: 'escalated', actorId: null, at: at.toISOString(), data: { level: 2, toRole, reason: 'sla_percent' } });

function recorder(granted = true) {
  const shown: Array<{ notice: AlertNotice; handlers: Record<string, () => void> }> = [];
  const notifier: AlertNotifier = {
    show: async () => granted,
    showWithActions: async (notice, handlers) => {
      if (granted) shown.push({ notice, handlers: handlers as Record<string, () => void> });
      return granted;
    },
  };
  const calls: string[] = [];
  const handlers: EscalationHandlers = { open: (id) => calls.push(`open ${id}`), assignToMe: (id) => calls.push(`assign ${id}`), inWindow: (title) => calls.push(`window ${title}`) };
  return { notifier, shown, handlers, calls };
}

describe('escalation notifications for supervisors', () => {
  it('notifies fresh escalations addressed to supervisors, with Open and Assign to me, once each', async () => {
    const db = openMirrorDb(`esc-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const t = ticket(1042);
    await db.tickets.put(t);
    await db.events.put(escalated(t.id, 'team_supervisors', new Date(NOW.getTime() - 60_000))); // before the first pass
    const supervisor = person('supervisor');
    const { notifier, shown, handlers, calls } = recorder();
    expect(await checkEscalationAlerts(db, supervisor, notifier, handlers, NOW)).toBe(0); // the first pass marks where "new" begins

    await db.events.bulkPut([
      escalated(t.id, 'all_supervisors', NOW),
      escalated(t.id, 'assignee', NOW), // the assignee's own warning
      escalated(t.id, 'team_supervisors', new Date(NOW.getTime() - FRESH_FOR_MS - 1)), // history arriving late
    ]);
    expect(await checkEscalationAlerts(db, supervisor, notifier, handlers, NOW)).toBe(1);
    expect(shown.map((s) => [s.notice.title, s.notice.body, Object.keys(s.handlers)])).toEqual([['SB-1042 escalated to level 2', 'Printer offline', ['open', 'assignToMe']]]);
    shown[0]!.handlers.assignToMe!();
    shown[0]!.handlers.open!();
    expect(calls).toEqual([`assign ${t.id}`, `open ${t.id}`]);
    expect(await checkEscalationAlerts(db, supervisor, notifier, handlers, NOW)).toBe(0);
    db.close();
  });

  it('says it in the window where notifications are not allowed, and leaves agents alone', async () => {
    const db = openMirrorDb(`esc-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const t = ticket(7);
    await db.tickets.put(t);
    const { notifier, handlers, calls } = recorder(false);
    const admin = person('admin');
    await checkEscalationAlerts(db, admin, notifier, handlers, NOW);
    await db.events.put(escalated(t.id, 'all_supervisors', NOW));
    expect(await checkEscalationAlerts(db, admin, notifier, handlers, NOW)).toBe(0);
    expect(calls).toEqual(['window SB-7 escalated to level 2: Printer offline']);
    expect(await checkEscalationAlerts(db, person('agent'), notifier, handlers, NOW)).toBe(0);
    db.close();
  });
});
