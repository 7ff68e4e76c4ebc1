import { ConfigError, loadServerConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

declare const __SWITCHBOARD_VERSION__: string;

async function main(): Promise<void> {
  let config;
  try {
    config = loadServerConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const version = typeof __SWITCHBOARD_VERSION__ === 'string' ? __SWITCHBOARD_VERSION__ : 'dev';
  const server = await startServer(config, logger, version);
  // One machine-readable line: scripts and tests read the port from it.
  logger.info({ event: 'listening', url: server.url, port: server.port, dataDir: config.dataDir }, 'Switchboard server listening');

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

main().catch((error: unknown) => {
  console.error('Switchboard server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
