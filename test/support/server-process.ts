import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the built server (dist/server/main.js) as a real child process on a random loopback port with
 * its own SQLite directory, and resolves when its "listening" log line says where it is.
 */
export async function startServerProcess(options: { dataDir?: string; args?: readonly string[] } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  const ownsDataDir = options.dataDir === undefined;
  // SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the server a bench or test starts.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(ROOT, 'dist/server/main.js'), '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 15 s: ${stderr}`)), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      // Only the "listening" line and errors are parsed: this process also runs a bench's clients, and the
      // server's other lines are of no use to it.
      if (!line.includes('"event":"listening"') && !/"level":[56]\d/.test(line)) return;
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string; port?: number; level?: number };
        // Server errors show in the test output: a failing end-to-end test then says what broke behind it.
        if ((entry.level ?? 0) >= 50) process.stderr.write(`[server] ${line}\n`);
        if (entry.event === 'listening' && entry.url && entry.port) {
          clearTimeout(timer);
          resolve({ url: entry.url, port: entry.port });
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    ...listening,
    dataDir,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
