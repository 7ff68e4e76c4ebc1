/** A queue row's SLA in a few characters: "overdue 3 h", "due in 40 min", "due in 5 h", "due 2 Dec", "paused". */
export function dueLabel(dueAt: string | null, now: Date): { text: string; overdue: boolean } {
  if (dueAt === null) return { text: 'SLA paused', overdue: false };
  const minutes = Math.round((Date.parse(dueAt) - now.getTime()) / 60_000);
  const span = (m: number) => (m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} d`);
  return minutes < 0 ? { text: `overdue ${span(-minutes)}`, overdue: true } : { text: `due in ${span(minutes)}`, overdue: false };
}
