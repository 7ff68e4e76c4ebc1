import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { seedDemoWorkspace, type DemoSummary } from './demo/demo-workspace';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session-store';
import { createHttpApp } from './http/http-app';
import type { Logger } from './logger';
import { TicketsRepository } from './repositories/tickets-repository';
import { UsersRepository } from './repositories/users-repository';
import { openDatabase, type SqliteDatabase } from './storage/database';
import { createQueryBuilder, type Db } from './storage/query-builder';
import { DEFAULT_CATEGORIES } from '../core/ticket/category';
import { DEFAULT_PRIORITY_MATRIX } from '../core/ticket/priority';
import { DEFAULT_LIFECYCLE_POLICY } from '../core/ticket/status';
import type { CountryCode } from 'libphonenumber-js/min';
import type { WorkspaceRules } from './sync/mutators/mutation-context';
import { PullService } from './sync/pull-service';
import { PushService } from './sync/push-service';
import type { WrittenRows } from './sync/mutators/change-writer';
import { pruneChangeLog } from './sync/retention';
import { SocketGateway } from './sync/socket-gateway';
import { EscalationScheduler } from './escalation/escalation-scheduler';
import { backfillDeadlines } from './sla/deadline-refresh';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly sqlite: SqliteDatabase;
  readonly db: Db;
  /** Set when this start created the demo workspace in an empty database. */
  readonly demo: DemoSummary | null;
  /** True when the database has no users at all (production before `create-admin`). */
  readonly needsFirstAdmin: boolean;
  readonly escalations: EscalationScheduler;
  readonly gateway: SocketGateway;
  close(): Promise<void>;
}

/** Starts the sync server: storage first (migrations), then HTTP. Resolves once it accepts connections. */
export async function startServer(config: ServerConfig, logger: Logger, version: string): Promise<RunningServer> {
  const sqlite = openDatabase(config.dataDir);
  const db = createQueryBuilder(sqlite);
  const users = new UsersRepository(db);
  const empty = (await users.count()) === 0;
  const demo = empty && config.demo ? await seedDemoWorkspace(db, new Date()) : null;
  const backfilled = await backfillDeadlines(db, new Date(), logger);
  if (backfilled > 0) logger.info({ event: 'sla_backfill', tickets: backfilled }, 'computed SLA deadlines');
  const sessions = new SessionStore(db);
  const rules: WorkspaceRules = {
    categories: DEFAULT_CATEGORIES,
    priorityMatrix: DEFAULT_PRIORITY_MATRIX,
    lifecycle: DEFAULT_LIFECYCLE_POLICY,
    defaultCountry: config.defaultCountry as CountryCode,
  };
  // The gateway is built after the HTTP server it attaches to; these callbacks only run once it exists.
  const pull = new PullService(db);
  // Every commit retires the pull pages read before it, then pokes who may see it.
  const committed = (seq: number, written?: WrittenRows) => {
    pull.committed(written);
    gateway.poke(seq);
  };
  const push = new PushService(db, rules, logger, (seq, written) => {
    committed(seq, written);
    escalations.requestTick();
  });
  const httpServer = http.createServer(
    createHttpApp({
      sqlite,
      db,
      users,
      sessions,
      tickets: new TicketsRepository(db),
      loginThrottle: new LoginThrottle(),
      logger,
      version,
      webRoot: config.webRoot,
      defaultCountry: config.defaultCountry,
      allowedOrigins: config.allowedOrigins,
      pageCompression: config.compressBootstrap,
      onLogout: (token) => gateway.endSessionsWithToken(token, 'logged_out'),
    }),
  );
  const gateway = new SocketGateway(httpServer, {
    db,
    sessions,
    users,
    push,
    pull,
    logger,
    allowedOrigins: config.allowedOrigins,
  });
  await gateway.init();
  gateway.startSessionSweep();
  const escalations = new EscalationScheduler(db, logger, committed);
  const interval = config.escalationIntervalSeconds ?? 15;
  if (interval > 0) escalations.start(interval * 1000);
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
  // Housekeeping: the change log and expired sessions are pruned at start and every hour.
  const housekeeping = async () => {
    const pruned = await pruneChangeLog(db, new Date());
    const sessionsPurged = await sessions.purgeExpired();
    logger.info({ event: 'housekeeping', ...pruned, sessionsPurged }, 'pruned old sync data');
  };
  await housekeeping();
  const housekeepingTimer = setInterval(() => void housekeeping().catch((error: unknown) => logger.error({ error: String(error) }, 'housekeeping failed')), 3_600_000);
  housekeepingTimer.unref();

  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    sqlite,
    db,
    demo,
    needsFirstAdmin: empty && !demo,
    escalations,
    gateway,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(housekeepingTimer);
        escalations.stop();
        void gateway.close();
        httpServer.closeAllConnections();
        httpServer.close(() => {
          void db.destroy().then(() => {
            if (sqlite.open) sqlite.close();
            resolve();
          });
        });
      }),
  };
}
