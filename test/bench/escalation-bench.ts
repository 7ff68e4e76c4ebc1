import { newId } from '../../core/ids';
import { loginAs } from '../support/api-client';
import { SyncTestClient, ticketArgs } from '../support/sync-test-client';
import { arrivalOf } from './fan-out-bench';
import { summarise, type Figure } from './figures';

const ROUNDS = 30;
const TARGET_MS = 2_000;

/**
 * An agent's escalation until it is in the hands of their team's supervisor (pushed, committed, poked,
 * pulled), the path a supervisor's notification takes; the workstation shows it from the mirror as soon
 * as the pull is stored. Measured on the demo workspace with both connected.
 */
export async function escalationReach(url: string): Promise<Figure> {
  const agent = await SyncTestClient.connect(url, await loginAs(url, 'ada@demo.switchboard'));
  const supervisor = await SyncTestClient.connect(url, await loginAs(url, 'sam.supervisor@demo.switchboard'));
  try {
    await supervisor.pullAll();
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ticket = ticketArgs({ impact: 'low', urgency: 'low' });
      const created = await agent.push([{ name: 'ticket.create', args: ticket }]);
      if (!created.ok) throw new Error(`create refused: ${created.error.code}`);
      await supervisor.pullAll();
      const eventId = newId();
      const arrived = arrivalOf(supervisor, (c) => c.entity === 'event' && c.op === 'put' && c.row.id === eventId);
      const started = performance.now();
      const pushed = await agent.push([{ name: 'ticket.escalate', args: { id: ticket.id, eventId, handoverNote: 'Bench: tried the usual, customer needs a supervisor.', customerUpdate: null } }]);
      if (!pushed.ok) throw new Error(`escalation refused: ${pushed.error.code}`);
      latencies.push((await arrived) - started);
    }
    const ours = summarise(latencies);
    return {
      name: "escalation → in the team supervisor's hands (push, commit, poke carrying it, or a pull)",
      unit: 'ms',
      ...ours,
      target: `p99 ≤ ${TARGET_MS} ms`,
      met: ours.p99 <= TARGET_MS,
      note: `${ROUNDS} manual escalations; the poke carries the change when it can, else the client pulls`,
    };
  } finally {
    agent.close();
    supervisor.close();
  }
}
