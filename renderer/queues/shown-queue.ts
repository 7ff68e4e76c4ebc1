/**
 * The ticket ids of the queue on screen, in order, as the list last rendered them. Keys that move the
 * selection (j / k) name the ticket they land on at once from here, so a triage key pressed right after
 * acts on that ticket instead of finding no selection while the list re-renders. A plain reference, not
 * React state: it changes with every queue read and nothing re-renders for it.
 */
let shown: readonly string[] = [];

export function queueShown(ids: readonly string[]): void {
  shown = ids;
}

/** The id at `index` of the queue on screen, clamped to its ends; null for an empty queue. */
export function shownTicketAt(index: number): { index: number; id: string | null } {
  if (shown.length === 0) return { index: 0, id: null };
  const clamped = Math.min(Math.max(index, 0), shown.length - 1);
  return { index: clamped, id: shown[clamped]! };
}
