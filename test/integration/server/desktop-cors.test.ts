import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger';
import { startServer, type RunningServer } from '../../../server/server';
import { testServerConfig } from '../../support/test-server-config';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-cors-'));
  server = await startServer(testServerConfig(dir, { demo: true, allowedOrigins: ['https://intranet.example'] }), createLogger('silent'), 'test');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const preflight = (origin: string, method = 'POST') =>
  fetch(`${server.url}/api/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' } });
const login = (origin: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@demo.switchboard', password: 'switchboard-demo' }),
  });

describe('the API across origins: the desktop app at app://switchboard signs in to a server by address', () => {
  it('answers the desktop app’s preflight and lets it read the answers, without credentials mode', async () => {
    const answer = await preflight('app://switchboard');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('app://switchboard');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();

    const signedIn = await login('app://switchboard');
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('access-control-allow-origin')).toBe('app://switchboard');
    expect(signedIn.headers.get('vary')).toBe('Origin');
    const { token } = (await signedIn.json()) as { token: string };
    const bootstrap = await fetch(`${server.url}/api/sync/bootstrap?limit=5`, { headers: { origin: 'app://switchboard', authorization: `Bearer ${token}` } });
    expect(bootstrap.status).toBe(200);
    expect(bootstrap.headers.get('access-control-allow-origin')).toBe('app://switchboard');
    // The page's own Vary (it may be gzipped) keeps CORS's.
    expect(bootstrap.headers.get('vary')).toBe('Origin, Accept-Encoding');
  });

  it('allows an origin the operator configured, and refuses other sites', async () => {
    expect((await preflight('https://intranet.example')).status).toBe(204);
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.json()).toEqual({ error: { code: 'origin_refused', message: 'This origin may not call the Switchboard API.' } });
    // A browser on another site never sees the answer (no allow-origin header).
    expect((await login('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
