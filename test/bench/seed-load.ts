import { newId } from '../../core/ids';
import { DEFAULT_BUSINESS_CALENDAR } from '../../core/sla/business-calendar';
import { DEFAULT_ESCALATION_POLICY } from '../../core/escalation/escalation-policy';
import { dueEscalationSteps } from '../../core/escalation/escalation-rules';
import { nextEscalationAt } from '../../core/escalation/next-escalation';
import { slaDeadlines } from '../../core/sla/sla-deadlines';
import { computeSla, type SlaEvent } from '../../core/sla/sla-engine';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import { derivePriority, IMPACTS, URGENCIES } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import { seedDemoWorkspace } from '../../server/demo/demo-workspace';
import { DEMO_CALENDARS } from '../../server/demo/demo-data';
import { SLA_REVISION } from '../../server/sla/deadline-refresh';
import { openDatabase } from '../../server/storage/database';
import { createQueryBuilder } from '../../server/storage/query-builder';

const STATUSES: readonly TicketStatus[] = ['new', 'open', 'open', 'open', 'pending_customer', 'on_hold', 'resolved', 'closed'];
const WORDS = ['router', 'invoice', 'login', 'printer', 'refund', 'vpn', 'email', 'password', 'outage', 'upgrade', 'billing', 'firmware', 'modem', 'license', 'delivery'];

/**
 * A load-test workspace: the demo's teams and people, `customers` customers, and `tickets` Technical
 * Support tickets of about 1 KB each with their creation history and stored SLA deadlines, written in
 * one transaction straight into SQLite (the server's own write path is what the push benchmark measures).
 * The escalation steps already due are marked taken, as on a server that has been running: the
 * scheduler then sees the steady load of tickets coming due, not a catch-up of 20 days.
 */
export async function seedLoadWorkspace(dataDir: string, sizes: { tickets: number; customers: number }, now = new Date()): Promise<{ ada: string }> {
  const sqlite = openDatabase(dataDir);
  const db = createQueryBuilder(sqlite);
  await seedDemoWorkspace(db, now, { customers: sizes.customers, tickets: 0 });
  const ada = (await db.selectFrom('users').select('id').where('email', '=', 'ada@demo.switchboard').executeTakeFirstOrThrow()).id;
  const ben = (await db.selectFrom('users').select('id').where('email', '=', 'ben@demo.switchboard').executeTakeFirstOrThrow()).id;
  const customers = (await db.selectFrom('customers').select('id').execute()).map((c) => c.id);

  const london = { ...DEFAULT_BUSINESS_CALENDAR, ...DEMO_CALENDARS[0], weeklyHours: DEMO_CALENDARS[0].weeklyHours, holidays: [...DEMO_CALENDARS[0].holidays] };
  const insertTicket = sqlite.prepare(`INSERT INTO tickets (id, number, subject, description, channel, category_id, impact, urgency, priority, status, tier,
    escalation_level, team_id, assignee_id, customer_id, tags, resolution_summary, created_at, updated_at, first_responded_at, resolved_at, closed_at,
    reopen_count, version, sla_due_at, sla_at_risk_at, sla_revision, next_escalation_at) VALUES (?, ?, ?, ?, 'phone', 'technical', ?, ?, ?, ?, 1, 0, 'team-technical', ?, ?, '[]', ?, ?, ?, NULL, ?, ?, 0, 0, ?, ?, ?, ?)`);
  const insertStep = sqlite.prepare(`INSERT INTO escalation_steps (ticket_id, step_key, taken_at) VALUES (?, ?, ?)`);
  const insertEvent = sqlite.prepare(`INSERT INTO ticket_events (id, ticket_id, kind, actor_id, at, data) VALUES (?, ?, ?, NULL, ?, ?)`);
  const padding = 'Caller reports the problem started after the last update. '.repeat(12);
  let seed = 20261125;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  sqlite.transaction(() => {
    for (let i = 0; i < sizes.tickets; i++) {
      const id = newId();
      const impact = pick(IMPACTS);
      const urgency = pick(URGENCIES);
      const priority = derivePriority(impact, urgency);
      const status = pick(STATUSES);
      const done = status === 'resolved' || status === 'closed';
      const created = new Date(now.getTime() - Math.floor(random() * 20 * 86_400_000)).toISOString();
      const events: SlaEvent[] = [{ kind: 'created', at: created, priority, status: 'new' }, ...(status === 'new' ? [] : [{ kind: 'status_changed' as const, at: created, status }])];
      const report = computeSla(events, DEFAULT_SLA_POLICY, london, now);
      const deadlines = done ? { dueAt: null, atRiskAt: null } : slaDeadlines(report, DEFAULT_SLA_POLICY.atRiskPercent, london, now);
      const percent = (clock: typeof report.resolution) => (clock.phase === 'stopped' ? null : clock.percentUsed);
      const state = { priority, status, tier: 1 as const };
      const taken = dueEscalationSteps({ ...state, takenStepKeys: [], percentUsed: { first_response: percent(report.firstResponse), resolution: percent(report.resolution) } }, DEFAULT_ESCALATION_POLICY).map((step) => step.key);
      const nextEscalation = nextEscalationAt({ ...state, takenStepKeys: taken }, report, DEFAULT_ESCALATION_POLICY, london, now);
      // Fifty tickets are Ada's own (her My work); Ben holds a share; the rest wait in the team queue.
      const assignee = i < 50 ? ada : status === 'new' ? null : random() < 0.3 ? ben : null;
      insertTicket.run(
        id, 100_000 + i, `${pick(WORDS)} ${pick(WORDS)} issue ${i}`, padding, impact, urgency, priority, status, assignee, pick(customers),
        done ? 'Fixed on the call.' : null, created, created, done ? created : null, status === 'closed' ? created : null,
        deadlines.dueAt, deadlines.atRiskAt, SLA_REVISION, nextEscalation,
      );
      for (const key of taken) insertStep.run(id, key, now.toISOString());
      insertEvent.run(newId(), id, 'created', created, JSON.stringify({ priority, status: 'new' }));
      if (status !== 'new') insertEvent.run(newId(), id, 'status_changed', created, JSON.stringify({ from: 'new', to: status }));
    }
    sqlite.prepare('UPDATE ticket_number_counter SET next_number = ?').run(100_000 + sizes.tickets);
  })();
  sqlite.close();
  return { ada };
}
