import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger';
import { shouldCompress, type PageCompression } from '../../../server/http/page-compression';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { testServerConfig } from '../../support/test-server-config';

const ADA = 'ada@demo.switchboard';

/** A bootstrap page as it comes over the wire (node:http does not decompress), and its JSON. */
function rawPage(url: string, token: string, acceptEncoding: string): Promise<{ headers: Record<string, unknown>; bytes: number; page: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/sync/bootstrap?limit=500&shape=columns`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const body = Buffer.concat(chunks);
          expect(res.statusCode).toBe(200);
          expect(Number(res.headers['content-length'])).toBe(body.byteLength);
          const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          resolve({ headers: res.headers, bytes: body.byteLength, page: JSON.parse(text.toString('utf8')) });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('which pages are compressed', () => {
  const from = (remoteAddress: string, acceptEncoding = 'gzip, deflate, br') => ({ headers: { 'accept-encoding': acceptEncoding }, socket: { remoteAddress } }) as never;
  const PAGE = 64 * 1024;

  it('remote: for a workstation on another machine, not for one on this machine', () => {
    expect(shouldCompress(from('10.0.0.5'), 'remote', PAGE)).toBe(true);
    expect(shouldCompress(from('::ffff:192.168.1.20'), 'remote', PAGE)).toBe(true);
    expect(shouldCompress(from('127.0.0.1'), 'remote', PAGE)).toBe(false);
    expect(shouldCompress(from('::ffff:127.0.0.1'), 'remote', PAGE)).toBe(false);
    expect(shouldCompress(from('::1'), 'remote', PAGE)).toBe(false);
  });

  it('never and always whatever the peer; a small page or a client without gzip never', () => {
    expect(shouldCompress(from('10.0.0.5'), 'never', PAGE)).toBe(false);
    expect(shouldCompress(from('127.0.0.1'), 'always', PAGE)).toBe(true);
    expect(shouldCompress(from('10.0.0.5'), 'always', 1_000)).toBe(false);
    expect(shouldCompress(from('10.0.0.5', 'gzip;q=0, identity'), 'always', PAGE)).toBe(false);
    expect(shouldCompress(from('10.0.0.5', '*'), 'always', PAGE)).toBe(true);
  });
});

describe.each<PageCompression>(['always', 'remote'])('bootstrap pages with compression %s', (policy) => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-gzip-'));
    server = await startServer(testServerConfig(dir, { demo: true, compressBootstrap: policy }), createLogger('silent'), 'test');
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  if (policy === 'always') {
    it('are gzipped for a client that accepts gzip, to the same page in a fraction of the bytes', async () => {
      const token = await loginAs(server.url, ADA);
      const plain = await rawPage(server.url, token, 'identity');
      const gzipped = await rawPage(server.url, token, 'gzip, deflate, br');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toBe('Accept-Encoding');
      expect(gzipped.page).toStrictEqual(plain.page);
      expect(gzipped.bytes).toBeLessThan(plain.bytes / 3);
    });

    it('are sent as they are to a client that refuses gzip or names none', async () => {
      const token = await loginAs(server.url, ADA);
      expect((await rawPage(server.url, token, 'gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
      expect((await rawPage(server.url, token, 'br')).headers['content-encoding']).toBeUndefined();
    });
  } else {
    it('are not compressed for a workstation on the same machine (loopback)', async () => {
      const token = await loginAs(server.url, ADA);
      const page = await rawPage(server.url, token, 'gzip');
      expect(page.headers['content-encoding']).toBeUndefined();
      expect(page.headers.vary).toBe('Accept-Encoding');
    });
  }
});
