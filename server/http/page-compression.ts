import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import Negotiator from 'negotiator';
import { sendJsonText } from './json-response';

/**
 * When a bootstrap page is gzipped: for workstations on other machines (`remote`, the default), where the
 * bytes cost more than the CPU; `always`; or `never`. On one machine (loopback) the network is a memory
 * copy and compressing only costs the server time (docs/http-api.md, "GET /api/sync/bootstrap").
 */
export type PageCompression = 'remote' | 'always' | 'never';
export const PAGE_COMPRESSIONS = ['remote', 'always', 'never'] as const satisfies readonly PageCompression[];

/** Below this a page is sent as it is: gzip's header and a round of zlib are not worth it. */
const MIN_COMPRESSED_BYTES = 8 * 1024;
/** zlib's fastest level: JSON pages shrink several times over already, at a fraction of the default's CPU. */
const GZIP_LEVEL = 1;

const gzipAsync = promisify(gzip);

const isLoopback = (address: string | undefined) => address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));

/** Whether a page of `bytes` goes gzipped to this request's client. */
export function shouldCompress(req: Pick<IncomingMessage, 'headers' | 'socket'>, policy: PageCompression, bytes: number): boolean {
  if (policy === 'never' || bytes < MIN_COMPRESSED_BYTES) return false;
  if (policy === 'remote' && isLoopback(req.socket.remoteAddress)) return false;
  // Negotiator reads Accept-Encoding as RFC 9110 says (q-values, `identity;q=0`, `*`).
  return new Negotiator(req).encodings(['gzip', 'identity'])[0] === 'gzip';
}

/** Sends `body` as JSON like sendJson, gzipped when the policy and the client's Accept-Encoding say so. */
export async function sendJsonPage(req: IncomingMessage, res: ServerResponse, body: unknown, policy: PageCompression): Promise<void> {
  const text = Buffer.from(JSON.stringify(body));
  const compress = shouldCompress(req, policy, text.byteLength);
  // zlib runs on libuv's thread pool: the event loop serves pushes and pulls meanwhile.
  const payload = compress ? await gzipAsync(text, { level: GZIP_LEVEL }) : text;
  // A client gone while the page was compressed gets nothing more.
  if (res.destroyed) return;
  // The answer depends on Accept-Encoding wherever it may be compressed, so no cache mixes the two.
  if (policy !== 'never') {
    // Added to what is there (CORS's `Vary: Origin`), not put in its place.
    const vary = res.getHeader('Vary');
    res.setHeader('Vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  }
  if (compress) res.setHeader('Content-Encoding', 'gzip');
  sendJsonText(res, 200, payload);
}
