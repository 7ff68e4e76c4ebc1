import path from 'node:path';
import type { ServerConfig } from '../../server/config';

/**
 * A server for integration tests: loopback, a random port, its own SQLite directory, no web app, quiet
 * logs, and no background escalation runs (tests tick the scheduler themselves, so nothing races).
 */
export function testServerConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    webRoot: path.join(dataDir, 'no-web-app'),
    logLevel: 'silent',
    demo: false,
    allowedOrigins: [],
    defaultCountry: 'GB',
    escalationIntervalSeconds: 0,
    compressBootstrap: 'remote',
    ...overrides,
  };
}
