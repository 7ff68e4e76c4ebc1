/**
 * A mutation's instant as the ISO text every row it writes carries (history, change log, audit, escalation
 * steps: about a dozen per filed ticket). Formatting the same Date again each time was a few per cent of
 * the push bench's server time, so the last one is remembered. Keyed by the Date and its time, so a Date
 * changed in place is formatted afresh.
 */
let lastDate: Date | null = null;
let lastTime = Number.NaN;
let lastText = '';

export function writeTime(now: Date): string {
  const time = now.getTime();
  if (now !== lastDate || time !== lastTime) {
    lastText = now.toISOString();
    lastDate = now;
    lastTime = time;
  }
  return lastText;
}
