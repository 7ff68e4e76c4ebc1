import type { IncomingMessage, ServerResponse } from 'node:http';
import { toColumnsPage } from '../../core/protocol/bootstrap-columns';
import { describeIssues } from '../../core/protocol/http-schemas';
import { BootstrapQuery } from '../../core/protocol/sync-schemas';
import { BootstrapError, bootstrapPage } from '../sync/bootstrap-service';
import { requireUser } from './authenticate';
import { sendError } from './json-response';
import { sendJsonPage } from './page-compression';
import type { HttpServices } from './services';

export async function bootstrap(req: IncomingMessage, res: ServerResponse, services: HttpServices, url: URL): Promise<void> {
  const user = await requireUser(req, res, services);
  if (!user) return;
  const query = BootstrapQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    sendError(res, 400, 'invalid_request', describeIssues(query.error));
    return;
  }
  try {
    const page = await bootstrapPage(services.db, user, query.data);
    // Workstations ask for columns; a client that does not (an older one, a script) still gets changes.
    await sendJsonPage(req, res, query.data.shape === 'columns' ? toColumnsPage(page) : page, services.pageCompression);
  } catch (error) {
    if (!(error instanceof BootstrapError)) throw error;
    // A position or snapshot this server did not give out: the client begins again (docs/sync-protocol.md).
    sendError(res, 409, 'resync_required', error.message);
  }
}
