import { newId } from '../../core/ids';
import type { CallDisposition } from '../../core/call/call';
import type { Impact, Urgency } from '../../core/ticket/priority';
import type { MirrorDb } from '../sync/mirror-db';

/**
 * A call in progress, saved to the mirror as it is typed so it survives a reload, a renderer crash
 * and the network going away. The ids of what it will create are chosen when the call starts, so
 * saving twice (after a crash mid-save) can never create two tickets.
 */
export interface CallDraft {
  readonly startedAt: string;
  readonly number: string;
  readonly customerId: string | null;
  /** Filled in when the caller is not in the mirror. */
  readonly newCustomerName: string;
  readonly subject: string;
  readonly notes: string;
  readonly categoryId: string;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly disposition: CallDisposition | null;
  readonly ids: { readonly call: string; readonly ticket: string; readonly customer: string };
}

const KEY = 'callDraft';

export function newCallDraft(now = new Date()): CallDraft {
  return {
    startedAt: now.toISOString(),
    number: '',
    customerId: null,
    newCustomerName: '',
    subject: '',
    notes: '',
    categoryId: 'general-inquiry',
    impact: 'medium',
    urgency: 'medium',
    disposition: null,
    ids: { call: newId(), ticket: newId(), customer: newId() },
  };
}

export async function loadCallDraft(db: MirrorDb): Promise<CallDraft | null> {
  return ((await db.meta.get(KEY))?.value as CallDraft | undefined) ?? null;
}

export function saveCallDraft(db: MirrorDb, draft: CallDraft): Promise<unknown> {
  return db.meta.put({ key: KEY, value: draft });
}

export function clearCallDraft(db: MirrorDb): Promise<void> {
  return db.meta.delete(KEY);
}
