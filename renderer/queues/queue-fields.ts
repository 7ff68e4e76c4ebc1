import type { SyncedTicket } from '../../core/protocol/sync-messages';

/**
 * A ticket as the mirror stores it: as the server sent it, stamped with the sequence of the write that
 * stored it (QueueIndex reads the rows written since its last snapshot by it). Rows stored before mirror
 * version 7 may still carry the fields that version 6 and earlier derived for their queue indexes
 * (`qOpen`, `qDue`…), until they are next written; nothing reads them.
 */
export type MirrorTicket = SyncedTicket & { readonly wseq?: number };

/** What local search matches a ticket by: the words of its subject and its number. */
export function ticketSearchWords(ticket: Pick<SyncedTicket, 'subject' | 'number'>): string[] {
  return searchWords(`${ticket.subject} ${ticket.number ?? ''}`);
}

/** Distinct lower-case words of two or more letters or digits, in any script. */
export function searchWords(text: string): string[] {
  return [...new Set(text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2))];
}

/**
 * Fields mirrors before version 7 derived for their queue indexes (`qWords` before version 4,
 * `qEscalated` before 5), and the write sequence.
 */
export const LOCAL_FIELD_NAMES = ['qAssignee', 'qTeam', 'qOpen', 'qEscalated', 'qEscalation', 'qDue', 'qAtRisk', 'qPriority', 'qWords', 'wseq'] as const;

/** The ticket without the mirror's own fields, as the server knows it. */
export function withoutQueueFields(ticket: MirrorTicket): SyncedTicket {
  const copy: Record<string, unknown> = { ...ticket };
  for (const name of LOCAL_FIELD_NAMES) delete copy[name];
  return copy as unknown as SyncedTicket;
}
