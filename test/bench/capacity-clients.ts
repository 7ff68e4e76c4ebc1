import { newId } from '../../core/ids';
import { SyncTestClient } from '../support/sync-test-client';
import { pullOnPokes } from './pull-on-pokes';

/**
 * One of the capacity bench's load processes (forked by capacity-bench.ts): it holds a share of the 1,000
 * socket clients, so that no single event loop, queueing every client's parsing, stands between a poke
 * arriving and its time being taken. The parent sends its orders over IPC in two steps, connect and run (from
 * the end of the log); this process answers each, and the parent ends it.
 */
export type CapacityOrder =
  | { readonly step: 'connect'; readonly url: string; readonly seats: ReadonlyArray<{ readonly token: string; readonly tickets: readonly string[] }> }
  | {
      readonly step: 'run';
      readonly cursor: number;
      /** When the counted run begins, on the shared clock: notes sent before it are the warm-up's. */
      readonly countFrom: number;
      /** How long notes are sent for after `countFrom`. */
      readonly durationMs: number;
      readonly everyMs: number;
      readonly settleMs: number;
    };

export type CapacityReport =
  | { readonly step: 'connected'; readonly connected: number; readonly failed: number }
  | {
      readonly step: 'done';
      /** Push to acknowledgement, ms, of each note sent in the counted run. */
      readonly acks: number[];
      /** Send to arrival in another client of the team, ms, of each delivery of a note sent in the counted run. */
      readonly fanOut: number[];
      /** The same, of notes sent during the warm-up (not counted). */
      readonly warmUpFanOut: number[];
      /** Counted deliveries slower than SLOW_DELIVERY_MS, by the second of the counted run their note was sent in. */
      readonly slowBySecond: Array<[second: number, deliveries: number]>;
      readonly refused: number;
      readonly cpuSeconds: number;
    };

/** Deliveries slower than this are counted by the second their note was sent in, to tell one stall from a spread tail. */
export const SLOW_DELIVERY_MS = 200;

const CONNECT_BATCH = 50;
const NOTE_BODY = 'Capacity bench note sent at ';

/** Milliseconds on a clock all processes of this machine share (the wall clock, to the microsecond). */
const now = () => performance.timeOrigin + performance.now();

const seated: Array<{ client: SyncTestClient; tickets: readonly string[] }> = [];

async function connect(order: Extract<CapacityOrder, { step: 'connect' }>): Promise<CapacityReport> {
  let failed = 0;
  for (let i = 0; i < order.seats.length; i += CONNECT_BATCH) {
    const batch = await Promise.allSettled(
      order.seats.slice(i, i + CONNECT_BATCH).map((seat) => SyncTestClient.connect(order.url, seat.token).then((client) => ({ client, tickets: seat.tickets }))),
    );
    for (const result of batch) {
      if (result.status === 'fulfilled') seated.push(result.value);
      else failed++;
    }
  }
  return { step: 'connected', connected: seated.length, failed };
}

async function run(order: Extract<CapacityOrder, { step: 'run' }>): Promise<CapacityReport> {
  // The note carries its send time, so whichever process holds the receiving client can time it, and tell a
  // warm-up note (sent before `countFrom`) from a counted one.
  const { countFrom } = order;
  const fanOut: number[] = [];
  const warmUpFanOut: number[] = [];
  const slowBySecond = new Map<number, number>();
  for (const { client } of seated) {
    client.cursor = order.cursor;
    pullOnPokes(client, (changes) => {
      const at = now();
      for (const change of changes) {
        if (change.entity !== 'comment' || change.op !== 'put') continue;
        const body = (change.row as { body?: unknown }).body;
        if (typeof body !== 'string' || !body.startsWith(NOTE_BODY)) continue;
        const sentAt = Number(body.slice(NOTE_BODY.length));
        if (sentAt < countFrom) {
          warmUpFanOut.push(at - sentAt);
          continue;
        }
        fanOut.push(at - sentAt);
        if (at - sentAt <= SLOW_DELIVERY_MS) continue;
        const second = Math.floor((sentAt - countFrom) / 1000);
        slowBySecond.set(second, (slowBySecond.get(second) ?? 0) + 1);
      }
    });
  }
  const acks: number[] = [];
  let refused = 0;
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    seated.map(async ({ client, tickets }) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * order.everyMs));
      while (now() < countFrom + order.durationMs) {
        const ticketId = tickets[Math.floor(Math.random() * tickets.length)]!;
        const sentAt = now();
        const args = { id: newId(), ticketId, visibility: 'internal', body: `${NOTE_BODY}${sentAt.toFixed(3)}`, createdAt: new Date().toISOString() };
        const response = await client.push([{ name: 'comment.add', args }]).catch(() => null);
        if (!response?.ok || response.outcomes[0]?.status !== 'applied') refused++;
        else if (sentAt >= countFrom) acks.push(now() - sentAt);
        await new Promise((resolve) => setTimeout(resolve, order.everyMs * (0.5 + Math.random())));
      }
    }),
  );
  // Let the last pokes land.
  await new Promise((resolve) => setTimeout(resolve, order.settleMs));
  const cpu = process.cpuUsage(cpuBefore);
  return { step: 'done', acks, fanOut, warmUpFanOut, slowBySecond: [...slowBySecond], refused, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

process.on('message', (order: CapacityOrder) => {
  const answer = order.step === 'connect' ? connect(order) : run(order);
  answer.then(
    // The parent ends this process once it has the last report: exiting here could beat that report out.
    (report) => process.send!(report),
    (error: unknown) => {
      console.error('capacity load process:', error);
      process.exit(1);
    },
  );
});
