import type { TicketEvent } from '../../core/ticket/ticket-event';
import type { MirrorDb } from '../sync/mirror-db';

/**
 * A ticket's history as the mirror holds it: what its bootstrap brought (one timeline record) and the
 * rows of `events` (pulled or made here since, or stored a row each by an older bootstrap), one entry per
 * id, oldest first (ids are time-ordered). Where both hold an entry, the copy in `events` is taken.
 */
export async function ticketHistory(db: MirrorDb, ticketId: string): Promise<TicketEvent[]> {
  const [timeline, events] = await Promise.all([db.timelines.get(ticketId), db.events.where('ticketId').equals(ticketId).toArray()]);
  return merged(timeline?.events ?? [], events);
}

/** The histories of several tickets at once, as ticketHistory, grouped by ticket in the order of `ticketIds`. */
export async function ticketHistories(db: MirrorDb, ticketIds: readonly string[]): Promise<TicketEvent[]> {
  if (ticketIds.length === 0) return [];
  const [timelines, events] = await Promise.all([db.timelines.bulkGet([...ticketIds]), db.events.where('ticketId').anyOf([...ticketIds]).toArray()]);
  const pulled = new Map<string, TicketEvent[]>();
  for (const event of events) {
    const list = pulled.get(event.ticketId);
    if (list) list.push(event);
    else pulled.set(event.ticketId, [event]);
  }
  return ticketIds.flatMap((id, i) => merged(timelines[i]?.events ?? [], pulled.get(id) ?? []));
}

/** Every history entry the mirror holds, of every ticket (tests and the bench). */
export async function allHistory(db: MirrorDb): Promise<TicketEvent[]> {
  const [timelines, events] = await Promise.all([db.timelines.toArray(), db.events.toArray()]);
  return merged(timelines.flatMap((t) => t.events), events);
}

function merged(bootstrapped: readonly TicketEvent[], since: readonly TicketEvent[]): TicketEvent[] {
  if (bootstrapped.length === 0) return [...since].sort(byId);
  const byEntry = new Map<string, TicketEvent>();
  for (const event of bootstrapped) byEntry.set(event.id, event);
  for (const event of since) byEntry.set(event.id, event);
  return [...byEntry.values()].sort(byId);
}

const byId = (a: TicketEvent, b: TicketEvent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
