import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { AVAILABILITIES, type User } from '../../../core/people/user';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import type { TicketEvent, TicketEventKind } from '../../../core/ticket/ticket-event';
import { checkEscalationNews, type EscalationHandlers } from '../../../renderer/escalations/escalation-alerts';
import type { AlertNotifier } from '../../../renderer/sla/alert-notifier';
import type { AlertNotice } from '../../../renderer/sla/sla-alerts';
import { arrivalCount, recordArrivals } from '../../../renderer/sync/arrivals';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';

const NOW = '2026-11-25T10:00:00.000Z';
const person = (role: User['role'], id = newId()): User => ({ id, name: 'Someone', email: 'someone@example.test', role, teamIds: ['t'], skills: [], capacity: 20, availability: AVAILABILITIES[0] });
const SAM = newId();
const ADA = newId();
const BEN = newId();
const ticket = (number: number, overrides: Partial<SyncedTicket> = {}): SyncedTicket => ({
  id: newId(), number, subject: 'Printer offline', description: '', channel: 'phone', categoryId: 'technical', impact: 'low', urgency: 'low', priority: 'low',
  status: 'open', tier: 1, escalationLevel: 1, escalatedAt: NOW, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null, teamId: 't', assigneeId: ADA, customerId: null, tags: [], resolutionSummary: null,
  createdAt: '2026-11-25T08:00:00.000Z', updatedAt: NOW, firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, slaDueAt: null, slaAtRiskAt: null, version: 1, ...overrides,
});
const event = (ticketId: string, kind: TicketEventKind, actorId: string | null, data: Record<string, unknown>): TicketEvent => ({ id: newId(), ticketId, kind, actorId, at: NOW, data });

async function mirror(): Promise<MirrorDb> {
  const db = openMirrorDb(`esc-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.meta.put({ key: 'workspace', value: { teams: [], calendarsByTeam: {}, people: [{ id: SAM, name: 'Sam', role: 'supervisor', teamIds: ['t'] }, { id: ADA, name: 'Ada', role: 'agent', teamIds: ['t'] }, { id: BEN, name: 'Ben', role: 'agent', teamIds: ['t'] }] } });
  return db;
}
/** As a pull does: the rows, and their arrival recorded. */
async function arrive(db: MirrorDb, ...events: TicketEvent[]): Promise<void> {
  await db.events.bulkPut(events);
  await recordArrivals(db, events.map((e) => e.id));
}

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
  const handlers: EscalationHandlers = {
    open: (id) => calls.push(`open ${id}`),
    openEscalations: () => calls.push('escalations'),
    acknowledge: (id) => calls.push(`acknowledge ${id}`),
    assignToMe: (id) => calls.push(`assign ${id}`),
    inWindow: (title) => calls.push(`window ${title}`),
  };
  return { notifier, shown, handlers, calls };
}

describe('escalation news for supervisors', () => {
  it('an escalation waiting for a supervisor comes with Open, Acknowledge and Assign to me, once', async () => {
    const db = await mirror();
    const waiting = ticket(1042);
    const taken = ticket(1043, { escalationAcknowledgedAt: NOW, escalationAcknowledgedBy: SAM });
    await db.tickets.bulkPut([waiting, taken]);
    const supervisor = person('supervisor', SAM);
    await arrive(
      db,
      event(waiting.id, 'escalated', ADA, { level: 1, toRole: 'team_supervisors', reason: 'manual', note: 'Tried two resets; customer is a hospital.' }),
      event(waiting.id, 'escalated', null, { level: 0, toRole: 'assignee', reason: 'sla_percent', percent: 75 }), // the assignee's own warning
      event(taken.id, 'escalated', null, { level: 1, toRole: 'team_supervisors', reason: 'severity' }), // a colleague already took it on
    );
    const { notifier, shown, handlers, calls } = recorder();
    expect(await checkEscalationNews(db, supervisor, notifier, handlers)).toBe(1);
    expect(shown.map((s) => [s.notice.title, s.notice.body, Object.keys(s.handlers)])).toEqual([['SB-1042 escalated to level 1 by Ada', 'Tried two resets; customer is a hospital.', ['open', 'acknowledge', 'assignToMe']]]);
    shown[0]!.handlers.acknowledge!();
    shown[0]!.handlers.open!();
    expect(calls).toEqual([`acknowledge ${waiting.id}`, `open ${waiting.id}`]);
    expect(await arrivalCount(db)).toBe(0);
    expect(await checkEscalationNews(db, supervisor, notifier, handlers)).toBe(0);
    db.close();
  });

  it('back from an offline spell, many escalations are one grouped notice that opens the escalations queue', async () => {
    const db = await mirror();
    const tickets = [1, 2, 3, 4, 5].map((n) => ticket(2000 + n));
    await db.tickets.bulkPut(tickets);
    await arrive(db, ...tickets.map((t) => event(t.id, 'escalated', null, { level: 1, toRole: 'team_supervisors', reason: 'sla_percent', percent: 100 })));
    const { notifier, shown, handlers, calls } = recorder();
    expect(await checkEscalationNews(db, person('supervisor', SAM), notifier, handlers)).toBe(1);
    expect(shown.map((s) => [s.notice.title, s.notice.body])).toEqual([['5 escalations wait for a supervisor', 'SB-2001, SB-2002, SB-2003, SB-2004, SB-2005']]);
    shown[0]!.handlers.open!();
    expect(calls).toEqual(['escalations']);
    db.close();
  });

  it('says it in the window where notifications are not allowed; a supervisor is not told of their own answer', async () => {
    const db = await mirror();
    const t = ticket(7, { escalationLevel: 2 });
    await db.tickets.put(t);
    await arrive(db, event(t.id, 'escalated', null, { level: 2, toRole: 'all_supervisors', reason: 'sla_percent', percent: 150 }), event(t.id, 'escalation_acknowledged', SAM, { note: null }));
    const { notifier, handlers, calls } = recorder(false);
    expect(await checkEscalationNews(db, person('admin', SAM), notifier, handlers)).toBe(0);
    expect(calls).toEqual(['window SB-7 escalated to level 2: Printer offline']);
    db.close();
  });
});

describe('escalation news for the agent whose ticket it is', () => {
  it('hears that their ticket was escalated, and how their escalation was answered, by whom and with what note', async () => {
    const db = await mirror();
    const mine = ticket(31, { escalationAcknowledgedAt: NOW, escalationAcknowledgedBy: SAM });
    const escalatedByMe = ticket(32, { assigneeId: BEN });
    const someoneElses = ticket(33, { assigneeId: BEN });
    await db.tickets.bulkPut([mine, escalatedByMe, someoneElses]);
    await db.events.put(event(escalatedByMe.id, 'escalated', ADA, { level: 1, toRole: 'team_supervisors', reason: 'manual', note: 'Needs a refund over my limit.' }));
    await arrive(
      db,
      event(mine.id, 'escalated', null, { level: 1, toRole: 'team_supervisors', reason: 'sla_percent', percent: 100 }),
      event(escalatedByMe.id, 'escalation_reassigned', SAM, { fromAssigneeId: BEN, toAssigneeId: ADA, note: 'You know this customer best.' }),
      event(someoneElses.id, 'escalation_acknowledged', SAM, { note: 'On it.' }),
    );
    const { notifier, shown, handlers } = recorder();
    const ada = person('agent', ADA);
    expect(await checkEscalationNews(db, ada, notifier, handlers)).toBe(2);
    expect(shown.map((s) => [s.notice.title, s.notice.body, Object.keys(s.handlers)])).toEqual([
      ["SB-31 was escalated to your team's supervisors (100 % of its SLA used)", 'Printer offline', ['open']],
      ['Sam reassigned SB-32 to you', 'You know this customer best.', ['open']],
    ]);

    await arrive(db, event(mine.id, 'escalation_acknowledged', SAM, { note: 'Calling them now.' }), event(mine.id, 'deescalated', SAM, { note: 'Known outage, fixed at 14:10.' }));
    shown.length = 0;
    expect(await checkEscalationNews(db, ada, notifier, handlers)).toBe(1);
    expect(shown.map((s) => s.notice.title)).toEqual(['Sam de-escalated SB-31']); // the latest news of a ticket, not a stack
    db.close();
  });
});
