import { create } from 'zustand';
import type { MirrorTicket } from '../queues/queue-fields';

type Patch = Partial<Pick<MirrorTicket, 'priority' | 'status' | 'assigneeId' | 'teamId' | 'categoryId'>>;

interface OverlayState {
  readonly patches: Readonly<Record<string, Patch>>;
  /** Bumped with each patch of a ticket, so a late clean-up never drops a newer patch. */
  readonly generations: Readonly<Record<string, number>>;
  applied(ticketId: string, patch: Patch): number;
  settled(ticketId: string, generation?: number): void;
}

/**
 * What a triage key changed, shown before the mirror's write and its live queries come back: the key
 * handler sets it synchronously, so the row is repainted in the next frame even on a 100,000-ticket
 * mirror. It is dropped once the mirror row shows the same values, or at once if the change is refused.
 */
const useStore = create<OverlayState>()((set, get) => ({
  patches: {},
  generations: {},
  applied: (ticketId, patch) => {
    const generation = (get().generations[ticketId] ?? 0) + 1;
    set((s) => ({ patches: { ...s.patches, [ticketId]: { ...s.patches[ticketId], ...patch } }, generations: { ...s.generations, [ticketId]: generation } }));
    return generation;
  },
  settled: (ticketId, generation) =>
    set((s) => {
      if (!(ticketId in s.patches) || (generation !== undefined && s.generations[ticketId] !== generation)) return s;
      const { [ticketId]: _, ...rest } = s.patches;
      return { patches: rest };
    }),
}));

/** Once a change is saved, the live queries show it well within this; the patch is dropped by then anyway. */
export const OVERLAY_HOLD_MS = 2_000;

export const useRowOverlay = () => useStore((s) => s.patches);
export const rowOverlay = () => useStore.getState();

/** The row as the agent should see it now; `settledIds` collects rows whose mirror value caught up. */
export function overlaid(ticket: MirrorTicket, patches: Readonly<Record<string, Patch>>, settledIds?: string[]): MirrorTicket {
  const patch = patches[ticket.id];
  if (!patch) return ticket;
  const caughtUp = (Object.keys(patch) as Array<keyof Patch>).every((field) => ticket[field] === patch[field]);
  if (caughtUp) {
    settledIds?.push(ticket.id);
    return ticket;
  }
  return { ...ticket, ...patch };
}
