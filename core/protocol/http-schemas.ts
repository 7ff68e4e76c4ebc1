import { z } from 'zod';
import { PRIORITIES } from '../ticket/priority';
import { TICKET_STATUSES } from '../ticket/status';

/** Bodies and queries of the REST surface. Strict: unknown keys are an error, not silently dropped. */
export const LoginRequest = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((text) => text.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const TicketListQuery = z.strictObject({
  status: commaList(TICKET_STATUSES).optional(),
  priority: commaList(PRIORITIES).optional(),
  team: z.string().min(1).max(64).optional(),
  /** A user id, or "me" for the caller, or "none" for unassigned tickets. */
  assignee: z.string().min(1).max(64).optional(),
  /** Matched against subject and number. */
  text: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset paging: tickets with a number below this one (newest first). */
  before: z.coerce.number().int().positive().optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

/** Turns zod issues into one sentence for the typed error an API client shows. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}
