import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { createHttpApp } from './http/http-app';
import type { Logger } from './logger';
import { openDatabase, type SqliteDatabase } from './storage/database';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly db: SqliteDatabase;
  close(): Promise<void>;
}

/** Starts the sync server: storage first (migrations), then HTTP. Resolves once it accepts connections. */
export async function startServer(config: ServerConfig, logger: Logger, version: string): Promise<RunningServer> {
  const db = openDatabase(config.dataDir);
  const httpServer = http.createServer(createHttpApp({ db, webRoot: config.webRoot, version, logger }));
  // Slow or idle clients must not pin sockets forever.
  httpServer.requestTimeout = 30_000;
  httpServer.headersTimeout = 15_000;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
