import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/** Every UTC-offset change in the tz database since 1972 happens on a whole minute of UTC. */
const MINUTE = 60_000;
/** Distinct minutes remembered per zone; past it the memo starts over. */
const MEMO_LIMIT = 200_000;

/**
 * An IANA zone that remembers its UTC offset per minute. Luxon asks Intl for the offset of every instant
 * it handles (formatToParts), which was half the server's time per ticket: SLA clocks walk the calendar
 * day by day, through the same day starts and shift boundaries for every ticket. The answer cannot
 * change within a minute, so it is asked once per minute.
 */
class MinuteMemoZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly zone: IANAZone) {
    super();
  }

  override get type(): string {
    return this.zone.type;
  }

  override get name(): string {
    return this.zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.zone.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.zone.offsetName(ts, options) ?? '';
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.zone.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const minute = Math.floor(ts / MINUTE);
    let offset = this.offsets.get(minute);
    if (offset === undefined) {
      offset = this.zone.offset(ts);
      if (this.offsets.size >= MEMO_LIMIT) this.offsets.clear();
      this.offsets.set(minute, offset);
    }
    return offset;
  }

  override equals(other: Zone): boolean {
    return other.type === this.type && other.name === this.name;
  }
}

const zones = new Map<string, Zone>();

/** The zone to hand luxon for a calendar's IANA name (invalid names stay luxon's invalid zone). */
export function calendarZone(name: string): Zone | string {
  let zone = zones.get(name);
  if (!zone) {
    const iana = IANAZone.create(name);
    if (!iana.isValid) return name;
    zone = new MinuteMemoZone(iana);
    zones.set(name, zone);
  }
  return zone;
}
