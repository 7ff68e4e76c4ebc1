/**
 * Hybrid logical clock stamps for scalar-field edits: the edit's intent time, so an edit made offline at
 * 10:00 and uploaded at 11:00 does not silently overwrite a colleague's decision of 10:30. Encoded so
 * that string order is clock order: "<wall ms, 15 digits>:<counter, 5 digits>:<client id>".
 */
export interface HlcStamp {
  readonly wallMs: number;
  readonly counter: number;
  readonly clientId: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;

export function encodeHlc(stamp: HlcStamp): string {
  return `${String(stamp.wallMs).padStart(WALL_DIGITS, '0')}:${String(stamp.counter).padStart(COUNTER_DIGITS, '0')}:${stamp.clientId}`;
}

export function decodeHlc(text: string): HlcStamp | null {
  const match = /^(\d{15}):(\d{5}):([A-Za-z0-9-]{1,64})$/.exec(text);
  if (!match) return null;
  return { wallMs: Number(match[1]), counter: Number(match[2]), clientId: match[3]! };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A clock for one client: each stamp is later than every stamp it issued or saw. */
export class HybridLogicalClock {
  private last: HlcStamp;

  constructor(
    private readonly clientId: string,
    private readonly nowMs: () => number = () => Date.now(),
  ) {
    this.last = { wallMs: 0, counter: 0, clientId };
  }

  now(): string {
    const wall = this.nowMs();
    if (wall > this.last.wallMs) this.last = { wallMs: wall, counter: 0, clientId: this.clientId };
    else this.last = this.bump(this.last.wallMs, this.last.counter + 1);
    return encodeHlc(this.last);
  }

  /** Moves past a stamp seen from elsewhere, so later local edits order after it. */
  observe(stampText: string): void {
    const seen = decodeHlc(stampText);
    if (!seen) return;
    if (seen.wallMs > this.last.wallMs || (seen.wallMs === this.last.wallMs && seen.counter > this.last.counter)) {
      this.last = this.bump(seen.wallMs, seen.counter);
    }
  }

  private bump(wallMs: number, counter: number): HlcStamp {
    return counter > MAX_COUNTER ? { wallMs: wallMs + 1, counter: 0, clientId: this.clientId } : { wallMs, counter, clientId: this.clientId };
  }
}

/** Clocks more than this far ahead of the server are clamped: a wrong laptop clock must not win every conflict. */
export const MAX_CLOCK_SKEW_MS = 60_000;

export function clampHlc(stampText: string, serverNowMs: number): string {
  const stamp = decodeHlc(stampText);
  if (!stamp) return stampText;
  const limit = serverNowMs + MAX_CLOCK_SKEW_MS;
  return stamp.wallMs > limit ? encodeHlc({ ...stamp, wallMs: limit }) : stampText;
}
