import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext } from '@playwright/test';
import { DATABASE_FILE } from '../../server/storage/database';
import { expect, test } from './fixtures';
import { changeSelectedPriority, signIn } from './session';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const launch = (profile: string) => chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });

/** SIGKILL every process of the Chromium that runs on this profile: no unload, no flush, as when the machine dies. */
function killBrowser(profile: string): number {
  // From /proc rather than pgrep, which a bare machine may lack.
  const pids = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`);
      } catch {
        return false;
      }
    })
    .map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
  return pids.length;
}

test('a browser killed with 50 changes in its outbox sends all 50 exactly once after it is started again', async ({ server }) => {
  test.setTimeout(90_000);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'switchboard-kill-'));
  const marker = `kill-${Date.now()}`;
  let context: BrowserContext | null = await launch(profile);
  try {
    const page = await context.newPage();
    await signIn(page, server.url, 'ada@demo.switchboard');
    await context.setOffline(true);
    await expect(page.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });

    // 40 priority changes down the queue and 10 internal notes, all offline: 50 changes in the outbox.
    for (let i = 0; i < 40; i++) {
      await changeSelectedPriority(page);
      if (i % 4 === 3) await page.keyboard.press('j');
    }
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('n');
      await page.getByLabel('Note for colleagues (the customer does not see it)').fill(`${marker} note ${i}`);
      await page.keyboard.press('Control+Enter');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }
    await expect(page.getByTestId('connection-state')).toHaveText('Offline · 50 changes waiting');

    expect(killBrowser(profile)).toBeGreaterThan(0);
    await context.close().catch(() => undefined);
    context = null;

    // Started again on the same profile: sign in, and the outbox leaves.
    context = await launch(profile);
    const again = await context.newPage();
    await signIn(again, server.url, 'ada@demo.switchboard');
    await expect(again.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });

    const db = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const notes = db.prepare('SELECT id, body FROM comments WHERE body LIKE ?').all(`${marker} note %`) as Array<{ id: string; body: string }>;
      expect(notes.map((n) => n.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${marker} note ${i}`).sort());
      const clientId = (db.prepare("SELECT client_id FROM audit_log WHERE action = 'comment.add' AND entity_id = ?").pluck().get(notes[0]!.id)) as string;
      const outcomes = db.prepare('SELECT outcome FROM mutation_outcomes WHERE client_id = ?').pluck().all(clientId) as string[];
      // Exactly the 50, each answered once and applied.
      expect(outcomes).toHaveLength(50);
      expect(outcomes.every((o) => (JSON.parse(o) as { status: string }).status === 'applied')).toBe(true);
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE client_id = ? AND action = 'comment.add'").pluck().get(clientId)).toBe(10);
    } finally {
      db.close();
    }
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
});
