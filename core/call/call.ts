export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_DISPOSITIONS = [
  'resolved_first_contact',
  'callback_needed',
  'escalated',
  'information_given',
  'voicemail',
  'wrong_number',
] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Readonly<Record<CallDisposition, string>> = {
  resolved_first_contact: 'Resolved on first contact',
  callback_needed: 'Callback needed',
  escalated: 'Escalated',
  information_given: 'Information given',
  voicemail: 'Voicemail',
  wrong_number: 'Wrong number',
};

/** One phone call, logged by the agent who took or made it. Append-only: calls are never edited by others. */
export interface Call {
  readonly id: string;
  readonly ticketId: string | null;
  readonly customerId: string | null;
  readonly agentId: string;
  readonly direction: CallDirection;
  /** The other party's number in E.164 where it could be normalised, otherwise as typed. */
  readonly number: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly notes: string;
  readonly disposition: CallDisposition | null;
}

/** Whole seconds between start and end; 0 for a call still in progress or with a clock that went backwards. */
export function callDurationSeconds(call: Pick<Call, 'startedAt' | 'endedAt'>): number {
  if (!call.endedAt) return 0;
  const ms = Date.parse(call.endedAt) - Date.parse(call.startedAt);
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
}

/** "4:07" or "1:02:09": how a call timer reads. */
export function formatCallDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
}

/** A call that reached nobody or the wrong person does not count as a response to the customer. */
export function countsAsCustomerContact(disposition: CallDisposition | null): boolean {
  return disposition !== 'voicemail' && disposition !== 'wrong_number';
}
