import { parseArgs } from 'node:util';
import { AdminInputError, createAdmin } from './admin/create-admin';
import { ConfigError, loadServerConfig } from './config';
import { createLogger } from './logger';
import { UsersRepository } from './repositories/users-repository';
import { startServer } from './server';
import { openDatabase } from './storage/database';
import { createQueryBuilder } from './storage/query-builder';

declare const __SWITCHBOARD_VERSION__: string;
const version = typeof __SWITCHBOARD_VERSION__ === 'string' ? __SWITCHBOARD_VERSION__ : 'dev';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** `main.js create-admin --email … --name …`, password from SWITCHBOARD_ADMIN_PASSWORD (kept out of shell history). */
async function createAdminCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { email: { type: 'string' }, name: { type: 'string' }, 'data-dir': { type: 'string' } },
    allowPositionals: false,
    strict: true,
  });
  void positionals;
  const password = process.env.SWITCHBOARD_ADMIN_PASSWORD;
  if (!password) fail('Set SWITCHBOARD_ADMIN_PASSWORD to the new admin\'s password (at least 10 characters).');
  const config = loadServerConfig(values['data-dir'] ? ['--data-dir', values['data-dir']] : [], process.env, process.cwd());
  const sqlite = openDatabase(config.dataDir);
  const db = createQueryBuilder(sqlite);
  try {
    const admin = await createAdmin(new UsersRepository(db), { email: values.email, name: values.name, password });
    console.log(`Created admin ${admin.email}. Sign in with it; it can add the rest of the team.`);
  } catch (error) {
    if (error instanceof AdminInputError) fail(`Could not create the admin: ${error.message}`);
    throw error;
  } finally {
    await db.destroy();
  }
}

async function serve(argv: readonly string[]): Promise<void> {
  const config = loadServerConfig(argv, process.env, process.cwd());
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger, version);
  // One machine-readable line: scripts and tests read the port from it.
  logger.info({ event: 'listening', url: server.url, port: server.port, dataDir: config.dataDir }, 'Switchboard server listening');
  if (server.demo) {
    const lines = server.demo.logins.map((l) => `  ${l.role.padEnd(10)} ${l.email}`).join('\n');
    console.error(
      `\nCreated the demo workspace (${server.demo.tickets} tickets, ${server.demo.customers} customers). Sign in as:\n${lines}\n  password for all: ${server.demo.password}\n`,
    );
  }
  if (server.needsFirstAdmin) {
    console.error(
      '\nThis workspace has no users yet. Create the first admin:\n  SWITCHBOARD_ADMIN_PASSWORD=… node dist/server/main.js create-admin --email you@example.com --name "Your Name"\n',
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'create-admin' ? createAdminCommand(rest) : serve(process.argv.slice(2));
run.catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) fail(error.message);
  console.error('Switchboard server failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
