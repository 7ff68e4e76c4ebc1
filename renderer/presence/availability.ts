import { useLiveQuery } from 'dexie-react-hooks';
import type { ChosenAvailability } from '../../core/protocol/presence';
import { loadCallDraft } from '../calls/call-draft';
import type { MirrorDb } from '../sync/mirror-db';

/** What an agent picks by hand; "on a call" follows the call panel, "offline" the connection. */
export const PICKABLE_AVAILABILITIES = ['available', 'away'] as const;
export type PickedAvailability = (typeof PICKABLE_AVAILABILITIES)[number];

const KEY = 'availability';

/** Kept in the mirror: every tab of this profile, and the next start, agree on it. */
export async function pickedAvailability(db: MirrorDb): Promise<PickedAvailability> {
  const value = (await db.meta.get(KEY))?.value;
  return value === 'away' ? 'away' : 'available';
}

export function pickAvailability(db: MirrorDb, availability: PickedAvailability): Promise<unknown> {
  return db.meta.put({ key: KEY, value: availability });
}

/** A call in progress (its draft is in the mirror until it is saved or discarded) means "on a call". */
export const effectiveAvailability = (picked: PickedAvailability, callInProgress: boolean): ChosenAvailability => (callInProgress ? 'on_call' : picked);

export function useAvailability(db: MirrorDb): { picked: PickedAvailability; effective: ChosenAvailability } | undefined {
  return useLiveQuery(async () => {
    const [picked, draft] = await Promise.all([pickedAvailability(db), loadCallDraft(db)]);
    return { picked, effective: effectiveAvailability(picked, draft !== null) };
  }, [db]);
}
