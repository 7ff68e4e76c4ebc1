import { derivePriority, IMPACTS, URGENCIES } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { Ticket } from '../../core/ticket/ticket';
import { CALL_DISPOSITIONS } from '../../core/call/call';
import { newId } from '../../core/ids';
import { hashPassword } from '../auth/password';
import { fromTicket } from '../repositories/tickets-repository';
import { seededRandom } from '../../core/seeded-random';
import type { Db } from '../storage/query-builder';
import { COMPANIES, DEMO_CALENDARS, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS, FIRST_NAMES, LAST_NAMES, SUBJECTS } from './demo-data';

const STATUS_MIX: readonly TicketStatus[] = ['new', 'open', 'open', 'open', 'pending_customer', 'on_hold', 'resolved', 'resolved', 'closed', 'closed'];

export interface DemoSummary {
  readonly logins: ReadonlyArray<{ email: string; role: string }>;
  readonly password: string;
  readonly customers: number;
  readonly tickets: number;
}

/** Fills an empty database with a small support organisation. Runs in one transaction: all or nothing. */
export async function seedDemoWorkspace(db: Db, now: Date, sizes = { customers: 300, tickets: 400 }): Promise<DemoSummary> {
  const random = seededRandom(20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const userIds = DEMO_USERS.map(() => newId());

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('workspace').values({ id: newId(), name: 'Demo Support Desk', created_at: now.toISOString() }).execute();
    for (const c of DEMO_CALENDARS) {
      await trx
        .insertInto('calendars')
        .values({ id: c.id, name: c.name, time_zone: c.timeZone, weekly_hours: JSON.stringify(c.weeklyHours), holidays: JSON.stringify(c.holidays) })
        .execute();
    }
    for (const t of DEMO_TEAMS) {
      await trx.insertInto('teams').values({ id: t.id, name: t.name, calendar_id: t.calendarId, category_ids: JSON.stringify(t.categoryIds) }).execute();
    }
    for (const [i, u] of DEMO_USERS.entries()) {
      await trx
        .insertInto('users')
        .values({
          id: userIds[i]!,
          email: u.email,
          name: u.name,
          role: u.role,
          password_hash: hashes[i]!,
          skills: JSON.stringify('skills' in u ? u.skills : []),
          capacity: 25,
          availability: 'offline',
          disabled: 0,
          created_at: now.toISOString(),
        })
        .execute();
      for (const teamId of u.teamIds) await trx.insertInto('team_members').values({ team_id: teamId, user_id: userIds[i]! }).execute();
    }

    const customerIds: string[] = [];
    for (let i = 0; i < sizes.customers; i++) {
      const id = newId();
      customerIds.push(id);
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      const phone = i % 2 === 0 ? `+44207946${String(i % 1000).padStart(4, '0')}` : `+1212555${String(100 + (i % 100)).padStart(4, '0')}`;
      const created = new Date(now.getTime() - (400 - (i % 400)) * 86_400_000).toISOString();
      await trx
        .insertInto('customers')
        .values({
          id,
          name,
          phones: JSON.stringify([phone]),
          emails: JSON.stringify([`${name.toLowerCase().replace(/[^a-z]+/g, '.')}${i}@example.com`]),
          company: pick(COMPANIES),
          preferred_channel: pick(['phone', 'email', null]),
          language: pick(['en', 'en', 'es', 'de']),
          notes: '',
          created_at: created,
          updated_at: created,
        })
        .execute();
      await trx.insertInto('customer_phones').values({ e164: phone, customer_id: id }).onConflict((oc) => oc.doNothing()).execute();
    }

    const counter = await trx.selectFrom('ticket_number_counter').select('next_number').executeTakeFirstOrThrow();
    const agentsByTeam = new Map<string, string[]>(
      DEMO_TEAMS.map((t) => [t.id, DEMO_USERS.flatMap((u, i) => (u.role === 'agent' && (u.teamIds as readonly string[]).includes(t.id) ? [userIds[i]!] : []))]),
    );
    for (let i = 0; i < sizes.tickets; i++) {
      const team = pick(DEMO_TEAMS);
      const categoryId = pick(team.categoryIds);
      const impact = pick(IMPACTS);
      const urgency = pick(URGENCIES);
      const status = pick(STATUS_MIX);
      const createdMs = now.getTime() - Math.floor(random() * 30 * 86_400_000);
      const created = new Date(createdMs).toISOString();
      const updated = new Date(Math.min(now.getTime(), createdMs + Math.floor(random() * 3 * 86_400_000))).toISOString();
      const done = status === 'resolved' || status === 'closed';
      const ticket: Ticket = {
        id: newId(),
        number: counter.next_number + i,
        subject: pick(SUBJECTS[categoryId] ?? ['Question']),
        description: 'Logged from a phone call. Details in the call notes.',
        channel: pick(['phone', 'phone', 'phone', 'email', 'web', 'chat']),
        categoryId,
        impact,
        urgency,
        priority: derivePriority(impact, urgency),
        status,
        tier: 1,
        escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null,
        teamId: team.id,
        assigneeId: status === 'new' ? null : pick(agentsByTeam.get(team.id) ?? [null]),
        customerId: pick(customerIds),
        tags: random() < 0.2 ? ['vip'] : [],
        resolutionSummary: done ? 'Walked the customer through the fix on the phone.' : null,
        createdAt: created,
        updatedAt: updated,
        firstRespondedAt: status === 'new' ? null : updated,
        resolvedAt: done ? updated : null,
        closedAt: status === 'closed' ? updated : null,
        reopenCount: 0,
        slaDueAt: null,
        slaAtRiskAt: null,
      };
      await trx.insertInto('tickets').values(fromTicket(ticket)).execute();
      await trx
        .insertInto('ticket_events')
        .values({ id: newId(), ticket_id: ticket.id, kind: 'created', actor_id: null, at: created, data: JSON.stringify({ priority: ticket.priority, status: 'new' }) })
        .execute();
      if (status !== 'new') {
        await trx
          .insertInto('ticket_events')
          .values({ id: newId(), ticket_id: ticket.id, kind: 'status_changed', actor_id: ticket.assigneeId, at: updated, data: JSON.stringify({ from: 'new', to: status }) })
          .execute();
      }
      if (ticket.channel === 'phone' && ticket.assigneeId) {
        await trx
          .insertInto('calls')
          .values({
            id: newId(),
            ticket_id: ticket.id,
            customer_id: ticket.customerId,
            agent_id: ticket.assigneeId,
            direction: 'inbound',
            number: '+442079460000',
            started_at: created,
            ended_at: new Date(createdMs + 60_000 + Math.floor(random() * 600_000)).toISOString(),
            notes: 'Caller described the problem; see ticket.',
            disposition: pick(CALL_DISPOSITIONS),
          })
          .execute();
      }
    }
    await trx.updateTable('ticket_number_counter').set({ next_number: counter.next_number + sizes.tickets }).execute();
  });

  return { logins: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })), password: DEMO_PASSWORD, customers: sizes.customers, tickets: sizes.tickets };
}
