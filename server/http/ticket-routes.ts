import type { IncomingMessage, ServerResponse } from 'node:http';
import { TicketListQuery, describeIssues } from '../../core/protocol/http-schemas';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { requireUser } from './authenticate';
import { sendError, sendJson } from './json-response';
import type { HttpServices } from './services';

export async function listTickets(req: IncomingMessage, res: ServerResponse, services: HttpServices, url: URL): Promise<void> {
  const user = await requireUser(req, res, services);
  if (!user) return;
  const query = TicketListQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    sendError(res, 400, 'invalid_request', describeIssues(query.error));
    return;
  }
  const tickets = await services.tickets.list(user, query.data);
  const last = tickets.at(-1);
  sendJson(res, 200, { tickets, nextBefore: tickets.length === query.data.limit && last?.number ? last.number : null });
}

export async function getTicket(req: IncomingMessage, res: ServerResponse, services: HttpServices, numberText: string): Promise<void> {
  const user = await requireUser(req, res, services);
  if (!user) return;
  const number = parseTicketNumber(decodedPathPart(numberText) ?? '');
  if (number === null) {
    sendError(res, 400, 'invalid_request', `"${numberText.slice(0, 40)}" is not a ticket number.`);
    return;
  }
  const ticket = await services.tickets.findByNumber(user, number);
  if (!ticket) {
    sendError(res, 404, 'not_found', `No ticket SB-${number} that you can see.`);
    return;
  }
  sendJson(res, 200, { ticket });
}

/** A path segment as typed, or null when its percent-encoding is broken ("%", "%zz"): a bad request, not a crash. */
function decodedPathPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
