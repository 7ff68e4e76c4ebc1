import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../support/fault-proxy';

/** The fault proxy the chaos tests stand on: each fault does what it says to a real TCP connection. */
let echo: net.Server;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)).on('error', () => undefined));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await FaultProxy.start((echo.address() as AddressInfo).port);
});
afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

/** Opens a connection through the proxy, sends `text`, and collects what comes back until `waitMs` or the socket ends. */
function exchange(text: string, waitMs = 300): Promise<{ received: string; error: string | null; closed: boolean; firstByteMs: number | null }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    let error: string | null = null;
    let firstByteMs: number | null = null;
    const socket = net.connect(proxy.port, '127.0.0.1', () => socket.write(text));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, error, closed, firstByteMs });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk) => {
      firstByteMs ??= Date.now() - started;
      received += chunk.toString();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => done(true));
  });
}

describe('the fault proxy', () => {
  it('passes bytes through both ways when healthy', async () => {
    proxy.heal();
    expect((await exchange('hello')).received).toBe('hello');
  });

  it('delays every chunk by the latency it is given, keeping their order', async () => {
    proxy.latency(150, 20);
    const result = await exchange('abc', 1_000);
    proxy.heal();
    expect(result.received).toBe('abc');
    // There and back: at least two delays.
    expect(result.firstByteMs).toBeGreaterThanOrEqual(290);
  });

  it('black-holes: the connection stays open and nothing arrives', async () => {
    proxy.blackhole(true);
    const result = await exchange('lost', 300);
    proxy.heal();
    expect(result).toMatchObject({ received: '', closed: false });
  });

  it('cuts a connection in the middle of what the server sends', async () => {
    proxy.cutNextAfter(4);
    const result = await exchange('0123456789', 1_000);
    expect(result.received).toBe('0123');
    expect(result.closed).toBe(true);
    expect((await exchange('whole')).received).toBe('whole'); // only the next connection is cut
  });

  it('resets open connections and refuses new ones when told', async () => {
    const open = exchange('x', 1_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxy.resetAll()).toBeGreaterThanOrEqual(1);
    expect(await open).toMatchObject({ closed: true, error: 'ECONNRESET' });
    proxy.refuse(true);
    expect(await exchange('nobody', 500)).toMatchObject({ received: '', closed: true });
    proxy.heal();
  });
});
