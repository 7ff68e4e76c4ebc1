import { readFileSync } from 'node:fs';
import { newId } from '../../core/ids';
import { api, loginAs } from '../support/api-client';
import { startServerProcess } from '../support/server-process';
import { SyncTestClient } from '../support/sync-test-client';
import { summarise, type Figure } from './figures';
import { pullOnPokes } from './pull-on-pokes';

const CLIENTS = Number(process.env.BENCH_CAPACITY_CLIENTS ?? 1_000);
/** Each client sends one mutation about this often (spread at random, so they do not march in step). */
const EVERY_MS = Number(process.env.BENCH_CAPACITY_EVERY_MS ?? 5_000);
const DURATION_MS = Number(process.env.BENCH_CAPACITY_DURATION_MS ?? 30_000);
const USERS = ['ada', 'ben', 'bea', 'carl', 'cleo'];
const CONNECT_BATCH = 50;

/** CPU seconds and resident memory of a process, from /proc (Linux). */
function usage(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuSeconds: ticks / 100, rssMiB: Number(rss ?? 0) / 1024 };
}

/**
 * 1,000 agents' connections on one server process, each adding a note to one of its team's tickets every
 * few seconds, every client pulling on each poke like the workstation does (one pull at a time). Reports
 * how many connected, the fan-out from a note to every other client of the team, and the server's CPU and
 * memory per connection. Clients run in this process, so they share the two cores with the server.
 */
export async function capacity(): Promise<Figure[]> {
  const server = await startServerProcess({ args: ['--escalation-interval', '0'] });
  const clients: Array<{ client: SyncTestClient; user: string; tickets: string[] }> = [];
  try {
    const tokens = new Map<string, string>();
    const ticketsOf = new Map<string, string[]>();
    for (const user of USERS) {
      const token = await loginAs(server.url, `${user}@demo.switchboard`);
      tokens.set(user, token);
      const list = await api<{ tickets: Array<{ id: string; status: string }> }>(server.url, '/api/tickets?limit=50&status=open,new', { token });
      ticketsOf.set(user, list.body.tickets.map((t) => t.id));
    }
    const idle = usage(server.child.pid!);
    let failed = 0;
    for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
      const batch = await Promise.allSettled(
        Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, (_, j) => {
          const user = USERS[(i + j) % USERS.length]!;
          return SyncTestClient.connect(server.url, tokens.get(user)!).then((client) => ({ client, user, tickets: ticketsOf.get(user)! }));
        }),
      );
      for (const result of batch) {
        if (result.status === 'fulfilled') clients.push(result.value);
        else failed++;
      }
    }
    // Everyone starts at the end of the log, as a workstation does after its bootstrap.
    const first = clients[0]!.client;
    await first.pullAll();
    for (const { client } of clients) client.cursor = first.cursor;
    const connected = usage(server.child.pid!);

    // Each client pulls on every poke, one pull at a time, and notes when it sees a comment arrive.
    const sentAt = new Map<string, number>();
    const fanOut: number[] = [];
    for (const { client } of clients) {
      pullOnPokes(client, (changes, now) => {
        for (const change of changes) {
          const at = change.entity === 'comment' && change.op === 'put' ? sentAt.get(change.row.id) : undefined;
          if (at !== undefined) fanOut.push(now - at);
        }
      });
    }

    const acks: number[] = [];
    let refused = 0;
    const started = performance.now();
    const before = usage(server.child.pid!);
    const benchBefore = process.cpuUsage();
    await Promise.all(
      clients.map(async ({ client, tickets }) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * EVERY_MS));
        while (performance.now() - started < DURATION_MS) {
          const id = newId();
          const ticketId = tickets[Math.floor(Math.random() * tickets.length)]!;
          const at = performance.now();
          sentAt.set(id, at);
          const response = await client.push([{ name: 'comment.add', args: { id, ticketId, visibility: 'internal', body: 'Capacity bench note', createdAt: new Date().toISOString() } }]).catch(() => null);
          if (response?.ok && response.outcomes[0]?.status === 'applied') acks.push(performance.now() - at);
          else refused++;
          await new Promise((resolve) => setTimeout(resolve, EVERY_MS * (0.5 + Math.random())));
        }
      }),
    );
    // Let the last pokes land.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = usage(server.child.pid!);
    const seconds = (performance.now() - started) / 1000;
    const ack = summarise(acks);
    const spread = summarise(fanOut);
    const perConnectionKiB = ((connected.rssMiB - idle.rssMiB) * 1024) / Math.max(clients.length, 1);
    // Under load the server also holds socket buffers, pull pages and SQLite caches: the growth per client, all included.
    const perConnectionLoadedKiB = ((after.rssMiB - idle.rssMiB) * 1024) / Math.max(clients.length, 1);
    const cpu = ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100;
    // The 1,000 clients run in this one process: when it is at a whole core, the clients' own parsing of
    // what they pull, not the server, is what the fan-out waits on.
    const benchUsed = process.cpuUsage(benchBefore);
    const clientsCpu = ((benchUsed.user + benchUsed.system) / 1e6 / seconds) * 100;
    const note = `${clients.length} of ${CLIENTS} connected (${failed} failed); ${acks.length} notes applied in ${seconds.toFixed(0)} s (${(acks.length / seconds).toFixed(0)}/s), ${refused} refused or lost in flight; server CPU ${cpu.toFixed(0)} % of one core, the clients' process ${clientsCpu.toFixed(0)} % (one Node process for all ${clients.length}); RSS ${idle.rssMiB.toFixed(0)} MiB idle, ${connected.rssMiB.toFixed(0)} MiB with the clients connected (${perConnectionKiB.toFixed(0)} KiB per connection), ${after.rssMiB.toFixed(0)} MiB at the end (${perConnectionLoadedKiB.toFixed(0)} KiB per client, buffers and caches included)`;
    return [
      { name: `capacity: ${CLIENTS} clients connected`, unit: 'x', samples: CLIENTS, median: clients.length, p95: clients.length, p99: clients.length, target: `${CLIENTS} of ${CLIENTS}`, met: clients.length === CLIENTS, note },
      { name: `capacity: note pushed → acknowledged, ${CLIENTS} clients, one note each every ~${EVERY_MS / 1000} s`, unit: 'ms', ...ack, target: '(diagnostic)', met: null },
      { name: `capacity: note → in every other client of the team (fan-out), ${CLIENTS} clients`, unit: 'ms', ...spread, target: 'p99 ≤ 250 ms', met: spread.p99 <= 250, note: `server CPU ${cpu.toFixed(0)} % of one core, the clients' process ${clientsCpu.toFixed(0)} %; RSS per client ${perConnectionKiB.toFixed(0)} KiB idle, ${perConnectionLoadedKiB.toFixed(0)} KiB under load` },
    ];
  } finally {
    for (const { client } of clients) client.close();
    await server.stop();
  }
}
