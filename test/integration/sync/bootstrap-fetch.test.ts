import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapQuery } from '../../../core/protocol/sync-schemas';
import { bootstrapOverHttp } from '../../../renderer/sync/bootstrap-fetch';
import { OfflineError, SyncError } from '../../../renderer/sync/sync-transport';

/**
 * A stand-in HTTP server on loopback for the answers the real one does not give: a server from before the
 * columns shape (its query schema as it was, strict, without `shape`), and pages that are damaged or break
 * off. The real server's pages are checked in sync-protocol.test.ts and sync-engine.test.ts.
 */
type Behaviour = 'before-columns' | 'rolled-back' | 'proxy-refuses' | 'other-refusal' | 'id-missing' | 'not-json' | 'breaks-off';
let behaviour: Behaviour = 'before-columns';
const asked: URLSearchParams[] = [];
let server: http.Server;
let baseUrl: string;

const ticket = { id: 't1', number: 1001, subject: 'Printer offline', assigneeId: null, version: 4 };
const changesPage = { snapshotSeq: 9, rows: [{ seq: 9, entity: 'ticket', op: 'put', row: ticket }], next: '1:t1' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://stand-in').searchParams;
    asked.push(query);
    const send = (status: number, body: string, length = Buffer.byteLength(body)) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(length) });
      res.write(body);
    };
    if (behaviour === 'before-columns' || behaviour === 'rolled-back') {
      // Rolled back: a server from before the columns shape that also does not know the position it is asked
      // to go on from, which a newer version gave out.
      const parsed = BootstrapQuery.omit({ shape: true }).safeParse(Object.fromEntries(query));
      if (behaviour === 'rolled-back' && query.has('after')) {
        send(400, JSON.stringify({ error: { code: 'invalid_request', message: 'The bootstrap position is not one this server gave out.' } }));
        res.end();
        return;
      }
      send(parsed.success ? 200 : 400, JSON.stringify(parsed.success ? changesPage : { error: { code: 'invalid_request', message: 'unknown key' } }));
      res.end();
    } else if (behaviour === 'proxy-refuses') {
      send(409, '<html>Conflict</html>');
      res.end();
    } else if (behaviour === 'other-refusal') {
      send(400, JSON.stringify({ error: { code: 'invalid_request', message: 'limit: too big' } }));
      res.end();
    } else if (behaviour === 'id-missing') {
      send(200, JSON.stringify({ snapshotSeq: 9, next: null, tables: [{ entity: 'ticket', fields: ['id', 'number'], rows: [[null, 1001]] }] }));
      res.end();
    } else if (behaviour === 'not-json') {
      send(200, '<html>Sign in to the guest Wi-Fi</html>');
      res.end();
    } else {
      // Promises more than it sends, then the connection drops mid-page.
      send(200, '{"snapshotSeq":9,"tables":[', 10_000);
      setTimeout(() => res.destroy(), 20);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bootstrap pages over HTTP', () => {
  it('asks a server from before the columns shape again without it, and keeps asking so', async () => {
    behaviour = 'before-columns';
    asked.length = 0;
    const bootstrap = bootstrapOverHttp({ baseUrl, token: 'token' }, 5_000);
    expect(await bootstrap({ limit: 200 })).toStrictEqual(changesPage);
    expect(await bootstrap({ after: '1:t1', snapshot: 9, limit: 2_500 })).toStrictEqual(changesPage);
    expect(asked.map((q) => q.get('shape'))).toEqual(['columns', null, null]);
    expect(asked[2]!.get('after')).toBe('1:t1');
  });

  it('tells the engine to start over when an older server, rolled back to mid-bootstrap, refuses the position with or without the shape', async () => {
    behaviour = 'rolled-back';
    asked.length = 0;
    const bootstrap = bootstrapOverHttp({ baseUrl, token: 'token' }, 5_000);
    await expect(bootstrap({ after: '7:t1', snapshot: 9, limit: 2_500 })).rejects.toMatchObject({ code: 'resync_required' });
    expect(asked.map((q) => q.get('shape'))).toEqual(['columns', null]);
    // Started over, the first page has no position, and comes.
    expect(await bootstrap({ limit: 200 })).toStrictEqual(changesPage);
  });

  it('reads a refusal that is not the server saying it lost the position (a proxy\'s page, another reason) as an error, not a start over', async () => {
    const bootstrap = bootstrapOverHttp({ baseUrl, token: 'token' }, 5_000);
    behaviour = 'proxy-refuses';
    await expect(bootstrap({ after: '1:t1', snapshot: 9 })).rejects.toMatchObject({ code: 'http_409' });
    behaviour = 'other-refusal';
    await expect(bootstrap({ after: '1:t1', snapshot: 9 })).rejects.toMatchObject({ code: 'http_400' });
  });

  it('refuses a damaged page as a typed error, and one that breaks off as offline, so the next run tries again', async () => {
    const bootstrap = bootstrapOverHttp({ baseUrl, token: 'token' }, 5_000);
    behaviour = 'id-missing';
    await expect(bootstrap({})).rejects.toThrow(SyncError);
    await expect(bootstrap({})).rejects.toMatchObject({ code: 'invalid_response' });
    behaviour = 'not-json';
    await expect(bootstrap({})).rejects.toMatchObject({ code: 'invalid_response' });
    behaviour = 'breaks-off';
    await expect(bootstrap({})).rejects.toThrow(OfflineError);
  });
});
