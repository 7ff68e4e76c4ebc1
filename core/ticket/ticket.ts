import type { Channel } from './channel';
import type { Impact, Priority, Urgency } from './priority';
import type { TicketStatus } from './status';

export type Tier = 1 | 2;

/** The ticket as every process sees it. Times are ISO-8601 UTC strings so rows survive JSON and IndexedDB unchanged. */
export interface Ticket {
  /** Client-generated UUIDv7. */
  readonly id: string;
  /** Human number read to the caller; null only while a provisional ticket waits for the server. */
  readonly number: number | null;
  readonly subject: string;
  readonly description: string;
  readonly channel: Channel;
  readonly categoryId: string;
  readonly impact: Impact;
  readonly urgency: Urgency;
  /** Derived from impact × urgency through the workspace's matrix; stored so queues can sort and filter by it. */
  readonly priority: Priority;
  readonly status: TicketStatus;
  readonly tier: Tier;
  /** 0 = not escalated; each ladder step or manual escalation raises it by one. */
  readonly escalationLevel: number;
  /** When the current escalation reached supervisors; null while the ticket is not escalated. */
  readonly escalatedAt: string | null;
  /** When a supervisor took the current escalation on, and who; both null while nobody has. */
  readonly escalationAcknowledgedAt: string | null;
  readonly escalationAcknowledgedBy: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly customerId: string | null;
  readonly tags: readonly string[];
  readonly resolutionSummary: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly firstRespondedAt: string | null;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly reopenCount: number;
  /**
   * When the first running SLA clock runs out, and when it reaches the at-risk mark; null while every
   * clock is paused or stopped. Derived from the history by the SLA engine and stored so queues sort by
   * due time from an index (see core/sla/sla-deadlines.ts).
   */
  readonly slaDueAt: string | null;
  readonly slaAtRiskAt: string | null;
}

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const TAG_MAX = 40;
export const TAGS_PER_TICKET_MAX = 20;

/** Twelve digits: more than any desk will issue, and short enough to read out. */
export const MAX_TICKET_NUMBER = 999_999_999_999;

/** "SB-104233": short enough to read over the phone, prefixed so it is not mistaken for an order number. */
export function formatTicketNumber(number: number | null, prefix = 'SB'): string {
  return number === null ? `${prefix}-pending` : `${prefix}-${number}`;
}

/** Accepts what a caller reads back: "SB-1042", "sb 1042", "#1042", "1042". */
export function parseTicketNumber(text: string, prefix = 'SB'): number | null {
  const match = new RegExp(`^\\s*(?:${prefix}[\\s-]*|#)?(\\d{1,12})\\s*$`, 'i').exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return value > 0 && value <= MAX_TICKET_NUMBER ? value : null;
}

/** Tags are compared case-insensitively and stored in one spelling, so "VIP" and "vip" are one tag. */
export function normaliseTag(tag: string): string | null {
  const cleaned = tag.trim().toLowerCase().replace(/\s+/g, '-');
  if (cleaned.length === 0 || cleaned.length > TAG_MAX) return null;
  return cleaned;
}

export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const clean = normaliseTag(tag);
    if (clean) seen.add(clean);
  }
  return [...seen].sort();
}

/** Tags merge per element: an add and a remove by different agents both survive, whatever their order. */
export function changeTags(tags: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const next = new Set(tags);
  for (const tag of add) {
    const clean = normaliseTag(tag);
    if (clean) next.add(clean);
  }
  for (const tag of remove) {
    const clean = normaliseTag(tag);
    if (clean) next.delete(clean);
  }
  return [...next].sort();
}
