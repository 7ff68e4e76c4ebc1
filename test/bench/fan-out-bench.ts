import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { Change } from '../../core/protocol/sync-messages';
import type { MutationArgs } from '../../core/protocol/sync-schemas';
import { loginAs } from '../support/api-client';
import { SyncTestClient, ticketArgs } from '../support/sync-test-client';
import { summarise, type Figure } from './figures';
import { pullOnPokes } from './pull-on-pokes';

const CLIENTS = 200;
const ROUNDS = 15;
/**
 * Rounds run first and not counted, on both sides: the first mutation a fresh server files and pokes runs
 * its code cold (its round took 32–44 ms against 15–30 ms for most after it, and could set the p99 of 15 alone);
 * a desk's server runs for days.
 */
const WARM_UP_ROUNDS = 2;
const ROUND_LIMIT_MS = 10_000;

/**
 * Fan-out: one client's mutation until it is in every other client's hands (poke, then pull returning
 * the change), with 200 clients connected; beside the raw limit of a bare Socket.IO server relaying an
 * event from one client to 199 others on the same machine in the same run.
 */
export async function fanOut(url: string): Promise<Figure> {
  const token = await loginAs(url, 'ben@demo.switchboard');
  const clients: SyncTestClient[] = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await SyncTestClient.connect(url, token));
  const [sender, ...receivers] = clients as [SyncTestClient, ...SyncTestClient[]];
  try {
    // Everyone starts caught up: one client walks the change log, the others take its cursor.
    for (let page = 0; page < 1_000; page++) {
      const pulled = await sender.pull(1_000);
      if (!pulled.ok && pulled.error.code === 'rate_limited') await new Promise((r) => setTimeout(r, 1_000));
      else if (!pulled.ok) throw new Error(`pull refused: ${pulled.error.code}`);
      else if (!pulled.more) break;
    }
    // The demo's escalation catch-up goes on for a few seconds after start: measure once the log is quiet.
    for (let quiet = 0, i = 0; quiet < 2 && i < 60; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pulled = await sender.pull(1_000);
      quiet = pulled.ok && pulled.changes.length === 0 ? quiet + 1 : 0;
    }
    for (const receiver of receivers) receiver.cursor = sender.cursor;
    const latencies: number[] = [];
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      const args = ticketArgs() as MutationArgs<'ticket.create'>;
      const arrivals = receivers.map((receiver) => arrivalOf(receiver, (c) => c.entity === 'ticket' && c.op === 'put' && c.row.id === args.id));
      const started = performance.now();
      const pushed = await sender.push([{ name: 'ticket.create', args }]);
      if (!pushed.ok) throw new Error(`push refused: ${pushed.error.code}`);
      const arrived = await Promise.all(arrivals);
      if (round >= WARM_UP_ROUNDS) for (const at of arrived) latencies.push(at - started);
    }
    const raw = await rawRelay();
    const ours = summarise(latencies);
    const rawSummary = summarise(raw);
    return {
      name: `fan-out: mutation → in each of ${CLIENTS - 1} other clients' hands (${CLIENTS} connected)`,
      unit: 'ms', ...ours, target: 'p99 ≤ 3 × raw p99', met: ours.p99 <= 3 * rawSummary.p99,
      raw: { name: `bare Socket.IO relay to ${CLIENTS - 1} peers`, median: rawSummary.median, p95: rawSummary.p95 },
      note: `p99 ${ours.p99.toFixed(0)} ms vs raw p99 ${rawSummary.p99.toFixed(0)} ms (${(ours.p99 / rawSummary.p99).toFixed(1)}×); ${ROUNDS} rounds after ${WARM_UP_ROUNDS} not counted on each side; the poke carries the change when it can, else the client pulls`,
    };
  } finally {
    for (const client of clients) client.socket.close();
  }
}

/** When `receiver` has pulled a change that `matches`: it pulls on every poke, one pull at a time. */
export function arrivalOf(receiver: SyncTestClient, matches: (change: Change) => boolean): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('the change never arrived'));
    }, ROUND_LIMIT_MS);
    const stop = pullOnPokes(receiver, (changes, at) => {
      if (!changes.some(matches)) return;
      clearTimeout(timer);
      stop();
      resolve(at);
    });
  });
}

/** The raw limit: a bare Socket.IO server on loopback relaying one client's event to all the others. */
async function rawRelay(): Promise<number[]> {
  const httpServer = http.createServer();
  const io = new Server(httpServer);
  io.on('connection', (socket) => socket.on('relay', (payload: unknown) => socket.broadcast.emit('relayed', payload)));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    const [sender, ...receivers] = sockets as [Socket, ...Socket[]];
    const latencies: number[] = [];
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      const arrivals = receivers.map((socket) => new Promise<number>((resolve) => socket.once('relayed', () => resolve(performance.now()))));
      const started = performance.now();
      sender.emit('relay', { round });
      const arrived = await Promise.all(arrivals);
      if (round >= WARM_UP_ROUNDS) for (const at of arrived) latencies.push(at - started);
    }
    return latencies;
  } finally {
    for (const socket of sockets) socket.close();
    await new Promise((resolve) => io.close(resolve));
  }
}
