import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from '../../../server/config';
import { createLogger } from '../../../server/logger';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { DATABASE_FILE } from '../../../server/storage/database';
import { MIGRATIONS, runMigrations } from '../../../server/storage/migrations';

let dir: string;
let server: RunningServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-http-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(webRoot = path.join(dir, 'web')) {
  server = await startServer(
    testServerConfig(path.join(dir, 'data'), { webRoot }),
    createLogger('silent'),
    '9.9.9-test',
  );
  return server;
}

describe('sync server over HTTP (real server on a random port, real SQLite file)', () => {
  it('answers health with its version and schema, with security headers', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '9.9.9-test', storage: 'sqlite', schemaVersion: MIGRATIONS.length });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('creates a WAL database with synchronous=FULL in the data directory', async () => {
    const { sqlite: db } = await start();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.name).toBe(path.join(dir, 'data', DATABASE_FILE));
  });

  it('answers unknown API routes with a typed 404 error', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No API route GET /api/nope.' } });
  });

  it('serves the web app, falls back to index.html for client routes, and never leaves its folder', async () => {
    const web = path.join(dir, 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<h1>workstation</h1>');
    writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
    const { url } = await start(web);
    expect(await (await fetch(`${url}/`)).text()).toBe('<h1>workstation</h1>');
    expect(await (await fetch(`${url}/tickets/SB-1042`)).text()).toBe('<h1>workstation</h1>');
    const traversal = await fetch(`${url}/..%2fsecret.txt`);
    expect(await traversal.text()).not.toContain('do not serve');
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('lets a browser keep the hashed assets for good and has it check index.html on every load', async () => {
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(path.join(web, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(web, 'assets', 'index-abc123.js.map'), '{}');
    const { url } = await start(web);
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const revalidated = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'if-none-match': asset.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/tickets/SB-1042']) expect((await fetch(`${url}${page}`)).headers.get('cache-control')).toBe('no-cache');
    // A map is named after its script, not its own content.
    expect((await fetch(`${url}/assets/index-abc123.js.map`)).headers.get('cache-control')).toBe('no-cache');
    for (const missingPath of ['/assets/index-old999.js', '/assets/', '/assets/nope']) {
      const missing = await fetch(`${url}${missingPath}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('says the web app is missing instead of crashing when it was not built', async () => {
    const { url } = await start(path.join(dir, 'not-built'));
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('web_app_missing');
  });
});

describe('migrations', () => {
  it('apply once and are recorded; running them again changes nothing', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    expect(runMigrations(db)).toBe(MIGRATIONS.length);
    expect(runMigrations(db)).toBe(0);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toContain('workspace');
    db.close();
  });

  it('version 7 dates the escalations already open and sends their tickets to every mirror again', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    runMigrations(db, MIGRATIONS.filter((m) => m.version < 7));
    db.exec(`
      INSERT INTO calendars VALUES ('c', 'C', 'UTC', '{}', '[]');
      INSERT INTO teams VALUES ('t', 'T', 'c', '[]');
      INSERT INTO tickets (id, number, subject, description, channel, category_id, impact, urgency, priority, status, escalation_level, team_id, created_at, updated_at)
        VALUES ('escalated', 1, 's', '', 'phone', 'technical', 'low', 'low', 'low', 'open', 1, 't', '2026-11-01T09:00:00.000Z', '2026-11-02T09:00:00.000Z'),
               ('calm', 2, 's', '', 'phone', 'technical', 'low', 'low', 'low', 'open', 0, 't', '2026-11-01T09:00:00.000Z', '2026-11-02T09:00:00.000Z');
      INSERT INTO ticket_events VALUES ('e1', 'escalated', 'escalated', NULL, '2026-11-01T10:00:00.000Z', '{"toRole":"assignee"}'),
                                       ('e2', 'escalated', 'escalated', NULL, '2026-11-01T12:00:00.000Z', '{"toRole":"team_supervisors"}');
    `);
    runMigrations(db);
    const rows = db.prepare('SELECT id, escalated_at, version FROM tickets ORDER BY number').all() as Array<{ id: string; escalated_at: string | null; version: number }>;
    expect(rows.map((r) => r.escalated_at)).toEqual(['2026-11-01T12:00:00.000Z', null]);
    const change = db.prepare("SELECT seq FROM changes WHERE entity = 'ticket' AND entity_id = 'escalated'").get() as { seq: number };
    expect(rows[0]!.version).toBe(change.seq);
    expect(db.prepare("SELECT COUNT(*) FROM changes WHERE entity_id = 'calm'").pluck().get()).toBe(0);
    db.close();
  });

  it('roll back a failing migration whole, leaving the version unrecorded', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE half (id TEXT); SELECT * FROM missing_table;' }];
    expect(() => runMigrations(db, broken)).toThrow(/missing_table/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).not.toContain('half');
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });
});

describe('server configuration', () => {
  it('defaults to loopback on port 4720 with data in .data', () => {
    const config = loadServerConfig([], {}, '/srv/switchboard');
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4720, dataDir: '/srv/switchboard/.data', logLevel: 'info', compressBootstrap: 'remote' });
  });

  it('takes flags over environment variables', () => {
    const config = loadServerConfig(['--port', '8080'], { SWITCHBOARD_PORT: '9090', SWITCHBOARD_HOST: '0.0.0.0' }, '/x');
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0' });
  });

  it('refuses a bad port or log level with a clear message', () => {
    expect(() => loadServerConfig(['--port', 'seventy'], {}, '/x')).toThrow(ConfigError);
    expect(() => loadServerConfig([], { SWITCHBOARD_PORT: '70000' }, '/x')).toThrow(/port/);
    expect(() => loadServerConfig(['--log-level', 'loud'], {}, '/x')).toThrow(/logLevel/);
  });

  it('takes when bootstrap pages are compressed from a flag or the environment, and refuses another word', () => {
    expect(loadServerConfig(['--compress-bootstrap', 'never'], { SWITCHBOARD_COMPRESS_BOOTSTRAP: 'always' }, '/x').compressBootstrap).toBe('never');
    expect(loadServerConfig([], { SWITCHBOARD_COMPRESS_BOOTSTRAP: 'always' }, '/x').compressBootstrap).toBe('always');
    expect(() => loadServerConfig(['--compress-bootstrap', 'gzip'], {}, '/x')).toThrow(/compressBootstrap/);
  });
});
