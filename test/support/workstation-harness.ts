import type { Role } from '../../core/people/user';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { io } from 'socket.io-client';
import { DEFAULT_PRIORITY_MATRIX } from '../../core/ticket/priority';
import { DEFAULT_LIFECYCLE_POLICY } from '../../core/ticket/status';
import { openMirrorDb, type MirrorDb } from '../../renderer/sync/mirror-db';
import { socketTransport, type SyncSocket } from '../../renderer/sync/socket-transport';
import { SyncEngine } from '../../renderer/sync/sync-engine';

/**
 * One agent's workstation in Node: the renderer's real sync engine over fake-indexeddb (its own
 * IDBFactory, so clients share nothing), and a real socket.io-client connection when online.
 */
export class Workstation {
  socket: SyncSocket | null = null;
  private baseUrl = '';
  readonly engine: SyncEngine;
  readonly db: MirrorDb;
  readonly name: string;
  private readonly idb: IDBFactory;
  private readonly now: () => Date;

  constructor(
    readonly userId: string,
    public token: string,
    options: { name?: string; idb?: IDBFactory; now?: () => Date; role?: Role } = {},
  ) {
    this.name = options.name ?? `workstation-${Math.random().toString(36).slice(2)}`;
    this.idb = options.idb ?? new IDBFactory();
    this.now = options.now ?? (() => new Date());
    this.db = openMirrorDb(this.name, { indexedDB: this.idb, IDBKeyRange });
    const role = options.role ?? 'agent';
    this.engine = new SyncEngine(this.db, () => ({
      userId,
      role,
      now: this.now(),
      rules: { priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: 'GB' },
    }));
  }

  async goOnline(url: string): Promise<void> {
    this.goOffline();
    this.baseUrl = url;
    const { clientId } = await this.engine.meta();
    // A connection attempt lost in a black-holed network gives up after 5 s (Socket.IO's default is 20 s).
    const socket: SyncSocket = io(url, { auth: { token: this.token, clientId }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5_000 });
    // A connection cut during the handshake ends with "disconnect", not "connect_error"; a bound on top of both.
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        clearTimeout(timer);
        socket.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const timer = setTimeout(() => fail(new Error('connection timed out')), 6_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('disconnect', fail);
        resolve();
      });
      socket.once('connect_error', fail);
      socket.once('disconnect', fail);
    });
    this.socket = socket;
  }

  goOffline(): void {
    this.socket?.close();
    this.socket = null;
  }

  async sync(): Promise<void> {
    if (!this.socket) throw new Error('offline');
    await this.engine.sync(socketTransport(this.socket, { baseUrl: this.baseUrl, token: this.token }));
  }

  /** The same IndexedDB opened again, as after a crash or reload of the renderer. */
  reopen(): Workstation {
    this.close();
    return new Workstation(this.userId, this.token, { name: this.name, idb: this.idb, now: this.now });
  }

  close(): void {
    this.goOffline();
    this.db.close();
  }
}
