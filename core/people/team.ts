export interface Team {
  readonly id: string;
  readonly name: string;
  /** Category ids this team handles; routing sends a new ticket of one of these categories here. */
  readonly categoryIds: readonly string[];
  /** The business calendar its SLA clocks run on. */
  readonly calendarId: string;
}
