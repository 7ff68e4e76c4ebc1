import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy between clients and the server that injects the faults a real network has, the
 * way Toxiproxy's toxics do (Toxiproxy itself cannot be installed here): latency with jitter, reset
 * (RST) of open connections, black-hole (bytes accepted, nothing delivered), a cut in the middle of a
 * frame, and refusing new connections. Controlled from the test, in process. The upstream can change
 * (a server restarted on a new port) while clients keep one address.
 */
export class FaultProxy {
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private delayMs = 0;
  private jitterMs = 0;
  private holes = false;
  private refusing = false;
  private cutAfterBytes: number | null = null;
  private random: () => number = Math.random;
  readonly stats = { connections: 0, resets: 0, cuts: 0, refused: 0 };

  private constructor(
    private readonly server: net.Server,
    private upstreamPort: number,
  ) {}

  static async start(upstreamPort: number): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(server, upstreamPort);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A seeded random source, so a run's faults replay from its seed. */
  useRandom(random: () => number): this {
    this.random = random;
    return this;
  }

  setUpstream(port: number): void {
    this.upstreamPort = port;
  }

  /** Every chunk, both ways, waits `ms` plus up to `jitterMs`; order is kept. */
  latency(ms: number, jitterMs = 0): void {
    this.delayMs = ms;
    this.jitterMs = jitterMs;
  }

  /** Bytes are accepted and dropped; connections stay open (a dead route, not a refusal). */
  blackhole(on: boolean): void {
    this.holes = on;
  }

  /** New connections are closed at once (the server's port is down). */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  /** The next connection is cut after this many bytes from the server: a frame arrives half-sent. */
  cutNextAfter(bytes: number): void {
    this.cutAfterBytes = bytes;
  }

  /** Sends RST on every open connection, as a crashed router or a NAT timeout does. */
  resetAll(): number {
    let count = 0;
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
      count++;
    }
    this.pairs.clear();
    this.stats.resets += count;
    return count;
  }

  /** Back to a clean network. */
  heal(): void {
    this.delayMs = 0;
    this.jitterMs = 0;
    this.holes = false;
    this.refusing = false;
    this.cutAfterBytes = null;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refusing) {
      this.stats.refused++;
      client.destroy();
      return;
    }
    this.stats.connections++;
    const upstream = net.connect(this.upstreamPort, '127.0.0.1');
    const pair = { client, upstream };
    this.pairs.add(pair);
    const cutAfter = this.cutAfterBytes;
    this.cutAfterBytes = null;
    let fromServer = 0;
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    this.forward(client, upstream);
    this.forward(upstream, client, (chunk) => {
      if (cutAfter === null) return chunk;
      const room = cutAfter - fromServer;
      fromServer += chunk.length;
      if (room > chunk.length) return chunk;
      // Deliver part of this chunk, then cut: the client sees a truncated frame, then a dead socket.
      this.stats.cuts++;
      setImmediate(end);
      return chunk.subarray(0, Math.max(0, room));
    });
  }

  /** Copies `from` to `to` through the current faults, keeping byte order whatever the delays. */
  private forward(from: net.Socket, to: net.Socket, shape: (chunk: Buffer) => Buffer = (chunk) => chunk): void {
    let due = 0;
    from.on('data', (raw: Buffer) => {
      if (this.holes) return;
      const chunk = shape(raw);
      if (chunk.length === 0) return;
      const delay = this.delayMs + (this.jitterMs > 0 ? this.random() * this.jitterMs : 0);
      if (delay <= 0 && due <= Date.now()) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      due = Math.max(due, Date.now() + delay);
      setTimeout(() => !to.destroyed && to.write(chunk), due - Date.now());
    });
  }
}
