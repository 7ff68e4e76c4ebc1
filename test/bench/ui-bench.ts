import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { summarise, type Figure } from './figures';

/*
 * Workstation figures in real Chromium against the real server: bootstrap of the whole mirror beside raw
 * IndexedDB puts of the same records, queue first paint after a reload, triage key to painted row, scroll
 * frame times and local search. Everything is timed inside the page (performance.now and animation
 * frames), so Playwright's round trips are not in the figures.
 */

declare global {
  interface Window {
    benchFirstRowAt: number | null;
    benchClickAt: number | null;
  }
}

/**
 * Marks the first animation frame in which a queue row with its number is on screen, and when the page
 * received the first click (the agent's click on "Sign in"). Timed when the frame's callback finds the
 * row, just before that frame is painted, as the triage figure is: the frame's own timestamp is when it
 * began, which on a page busy starting up was 50–80 ms earlier.
 */
function watchFirstRow(): void {
  window.benchFirstRowAt = null;
  window.benchClickAt = null;
  document.addEventListener('click', (event) => void (window.benchClickAt ??= event.timeStamp), { capture: true });
  const check = () => {
    if (document.querySelector('[data-testid="queue-row"] [data-testid="row-number"]')) window.benchFirstRowAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/**
 * Whether the mirror's bootstrap is done, and then how many tickets it stored. Polled every 100 ms, it
 * reads `meta` alone: counting the tickets each time was a read of 100,000 keys ten times a second, each
 * one waiting for the page being written and holding up the next (docs/performance.md, "Twenty-third session").
 */
async function bootstrapDone(page: Page, dbName: string): Promise<{ done: boolean; tickets: number; doneAt: number }> {
  return page.evaluate(
    (name) =>
      new Promise<{ done: boolean; tickets: number; doneAt: number }>((resolve) => {
        const open = indexedDB.open(name);
        open.onerror = () => resolve({ done: false, tickets: 0, doneAt: 0 });
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            resolve({ done: false, tickets: 0, doneAt: 0 });
            return;
          }
          const meta = db.transaction('meta', 'readonly').objectStore('meta').get('bootstrap');
          meta.onerror = () => {
            db.close();
            resolve({ done: false, tickets: 0, doneAt: 0 });
          };
          meta.onsuccess = () => {
            if ((meta.result as { value?: { done?: boolean } } | undefined)?.value?.done !== true) {
              db.close();
              resolve({ done: false, tickets: 0, doneAt: 0 });
              return;
            }
            const doneAt = performance.now();
            const count = db.transaction('tickets', 'readonly').objectStore('tickets').count();
            count.onsuccess = () => {
              db.close();
              resolve({ done: true, tickets: count.result, doneAt });
            };
            count.onerror = () => {
              db.close();
              resolve({ done: true, tickets: 0, doneAt });
            };
          };
        };
      }),
    dbName,
  );
}

/**
 * Raw limits of the bootstrap, in pages of 1,000 with strict durability like the mirror, on the rows the
 * mirror holds when called (the end of the run: the bootstrap's, with the drain's changes and about 1,000
 * more history events): put into bare object stores (no indexes, no derived fields: the rows as the server
 * sent them, each history event a row of its own); as the mirror stores them, into stores with the
 * mirror's own keys and indexes (the floor of its schema: a ticket's bootstrap history one record); and, with BENCH_LEAN_PUTS set, bare tickets into stores that keep only the lookups by number and
 * customer and a write sequence: the floor of a mirror that would serve its queues from memory
 * (docs/performance.md, "Fifteenth session"). That third pass is asked for only: the mirror's queues are in
 * memory since, and with the mirror on disk it took as long as the mirror's own schema (94 against 91 s)
 * and pushed the bench to 588 s of its 10 minutes ("Eighteenth session").
 */
async function rawPuts(page: Page, dbName: string, withLean: boolean): Promise<{ bare: number; indexed: number; lean: number | null }> {
  return page.evaluate(async ({ name, withLean }) => {
    const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const mirror = await request(indexedDB.open(name));
    // A mirror from before schema 8 (an A/B run against an older build) has no timelines.
    const stores = ['tickets', 'customers', 'events', 'timelines'].filter((store) => store !== 'timelines' || mirror.objectStoreNames.contains(store));
    const stored: Record<string, Array<Record<string, unknown>>> = {};
    const indexes: Record<string, Array<{ name: string; keyPath: string | string[]; multiEntry: boolean }>> = {};
    const keyPaths: Record<string, string | string[] | null> = {};
    for (const store of stores) {
      const objectStore = mirror.transaction(store).objectStore(store);
      keyPaths[store] = objectStore.keyPath;
      indexes[store] = [...objectStore.indexNames].map((index) => {
        const found = objectStore.index(index);
        return { name: found.name, keyPath: found.keyPath, multiEntry: found.multiEntry };
      });
      stored[store] = (await request(objectStore.getAll())) as Array<Record<string, unknown>>;
    }
    mirror.close();
    const asSent = (rows: Array<Record<string, unknown>>) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('q'))));
    const bare: Record<string, Array<Record<string, unknown>>> = {
      tickets: asSent(stored.tickets!),
      customers: asSent(stored.customers!),
      events: [...stored.events!, ...(stored.timelines ?? []).flatMap((timeline) => timeline.events as Array<Record<string, unknown>>)],
      ...(stored.timelines ? { timelines: [] } : {}),
    };
    // Tickets' lookups that a queue held in memory would still read from IndexedDB, and the sequence
    // that would tell it which tickets were written after its last snapshot.
    const leanIndexes: typeof indexes = {
      ...indexes,
      tickets: [
        { name: 'number', keyPath: 'number', multiEntry: false },
        { name: 'customerId', keyPath: 'customerId', multiEntry: false },
        { name: 'qWritten', keyPath: 'qWritten', multiEntry: false },
      ],
    };
    // Its tickets would not carry the derived queue fields either: the rows as the server sent them.
    const sequenced = () => ({ ...stored, tickets: bare.tickets!.map((row, i) => Object.assign({}, row, { qWritten: i + 1 })) });
    const timePuts = async (dbName: string, rows: Record<string, Array<Record<string, unknown>>>, schema: typeof indexes | null) => {
      await request(indexedDB.deleteDatabase(dbName));
      const open = indexedDB.open(dbName, 1);
      open.onupgradeneeded = () => {
        for (const store of stores) {
          const created = open.result.createObjectStore(store, { keyPath: schema ? keyPaths[store] : 'id' });
          for (const index of schema?.[store] ?? []) created.createIndex(index.name, index.keyPath, { multiEntry: index.multiEntry });
        }
      };
      const raw = await request(open);
      const started = performance.now();
      for (const store of stores) {
        const list = rows[store]!;
        for (let i = 0; i < list.length; i += 1000) {
          const tx = raw.transaction(store, 'readwrite', { durability: 'strict' });
          for (const row of list.slice(i, i + 1000)) tx.objectStore(store).put(row);
          await new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error))));
        }
      }
      const elapsed = performance.now() - started;
      raw.close();
      await request(indexedDB.deleteDatabase(dbName));
      return elapsed;
    };
    return {
      bare: await timePuts('bench-raw', bare, null),
      indexed: await timePuts('bench-raw-indexed', stored, indexes),
      lean: withLean ? await timePuts('bench-raw-lean', sequenced(), leanIndexes) : null,
    };
  }, { name: dbName, withLean });
}

/**
 * Key press to the first frame that shows the selected row with its new priority: the time, and which
 * frame after the key it was (1 = the very next one).
 */
async function triageSample(page: Page): Promise<{ ms: number; frame: number }> {
  return page.evaluate(
    () =>
      new Promise<{ ms: number; frame: number }>((resolve, reject) => {
        const chip = () => document.querySelector('[data-testid="queue-row"][aria-selected="true"] [data-testid="row-priority"]');
        const current = chip()?.textContent ?? '';
        const [key, expected] = current === 'critical' ? ['4', 'low'] : ['1', 'critical'];
        const started = performance.now();
        const timeout = setTimeout(() => reject(new Error(`row did not become ${expected}`)), 5_000);
        let frame = 0;
        // Measured to the animation-frame callback that finds the change, which runs just before that
        // frame is painted (its timestamp is the frame's start, which may precede the key).
        const check = () => {
          frame++;
          if (chip()?.textContent === expected) {
            clearTimeout(timeout);
            resolve({ ms: performance.now() - started, frame });
          } else requestAnimationFrame(check);
        };
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Digit${key}`, bubbles: true }));
        requestAnimationFrame(check);
      }),
  );
}

/**
 * With BENCH_PAGE_PROFILE set, the page's CPU profile of one step, written to prof/page-<step>.cpuprofile;
 * with BENCH_PAGE_TRACE, Chromium's timeline trace of it (style, layout, paint), prof/page-<step>.trace.json.
 * How a missed figure is traced to its cause.
 */
async function profiledStep<T>(page: Page, step: string, run: () => Promise<T>): Promise<T> {
  if (process.env.BENCH_PAGE_TRACE) {
    // Over CDP (a persistent profile's context has no Browser object to trace with), streamed to the file:
    // a drain's trace is too large for one string.
    const tracing = await page.context().newCDPSession(page);
    await tracing.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['devtools.timeline', 'blink', 'v8'] } });
    try {
      return await run();
    } finally {
      // A trace that cannot be saved (the page crashed) must not hide the step's own error.
      await saveTrace(tracing, `prof/page-${step}.trace.json`).catch((error: unknown) => console.error(`bench: no trace of ${step}:`, error));
    }
  }
  if (!process.env.BENCH_PAGE_PROFILE) return run();
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.send('Profiler.stop');
    mkdirSync('prof', { recursive: true });
    writeFileSync(`prof/page-${step}.cpuprofile`, JSON.stringify(profile));
    await session.detach();
  }
}

/** Ends a CDP trace and copies its stream to `file`, giving up after a minute without an answer. */
async function saveTrace(tracing: CDPSession, file: string): Promise<void> {
  const complete = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the trace never completed')), 60_000);
    tracing.once('Tracing.tracingComplete', (event) => {
      clearTimeout(timer);
      if (event.stream) resolve(event.stream);
      else reject(new Error('the trace came without a stream'));
    });
  });
  await tracing.send('Tracing.end');
  const handle = await complete;
  mkdirSync('prof', { recursive: true });
  const out = openSync(file, 'w');
  try {
    for (let read = 0; read < 1_000_000; read++) {
      const chunk = await tracing.send('IO.read', { handle });
      writeSync(out, Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8'));
      if (chunk.eof) break;
    }
  } finally {
    closeSync(out);
    await tracing.send('IO.close', { handle }).catch(() => undefined);
    await tracing.detach().catch(() => undefined);
  }
}

/** Scrolls the whole queue, a step per frame, and returns each frame's duration. */
async function scrollFrames(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(
    (count) =>
      new Promise<number[]>((resolve) => {
        const list = document.querySelector('[data-testid="queue-list"]')!;
        const step = (list.scrollHeight - list.clientHeight) / count;
        const durations: number[] = [];
        let last = 0;
        const frame = (now: number) => {
          if (last > 0) durations.push(now - last);
          last = now;
          if (durations.length >= count) resolve(durations);
          else {
            list.scrollTop += step;
            requestAnimationFrame(frame);
          }
        };
        requestAnimationFrame(frame);
      }),
    frames,
  );
}

/** The frame interval of an idle page: the raw limit of anything "painted". */
async function idleFrames(page: Page, count: number): Promise<number[]> {
  return page.evaluate(
    (n) =>
      new Promise<number[]>((resolve) => {
        const durations: number[] = [];
        let last = 0;
        const frame = (now: number) => {
          if (last > 0) durations.push(now - last);
          last = now;
          if (durations.length >= n) resolve(durations);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    count,
  );
}

/** Typing a search to the first frame that shows its results (or "no match"). */
async function searchSample(page: Page, text: string): Promise<number> {
  return page.evaluate(
    (query) =>
      new Promise<number>((resolve, reject) => {
        const box = document.getElementById('ticket-search') as HTMLInputElement;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const type = (value: string) => {
          setValue.call(box, value);
          box.dispatchEvent(new Event('input', { bubbles: true }));
        };
        const shown = () => document.querySelector('[data-testid="search-results"], [data-testid="search-empty"]');
        type('');
        const timeout = setTimeout(() => reject(new Error(`no results for ${query}`)), 5_000);
        // An agent types into a settled screen: the queue is back after the last search was cleared.
        const queueBack = () => document.querySelector('[data-testid="queue-row"]');
        const afterClear = () => {
          if (shown() || !queueBack()) {
            requestAnimationFrame(afterClear);
            return;
          }
          const started = performance.now();
          type(query);
          const check = () => {
            if (shown()) {
              clearTimeout(timeout);
              resolve(performance.now() - started);
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        };
        requestAnimationFrame(afterClear);
      }),
    text,
  );
}

/** The changes waiting in the outbox, as the status chip shows them to the agent ("Offline · 12 changes waiting"). */
async function changesWaiting(page: Page): Promise<number> {
  const label = (await page.getByTestId('connection-state').textContent()) ?? '';
  return Number(/(\d+) changes? waiting/.exec(label)?.[1] ?? 0);
}

/**
 * Offline triage from the keyboard: on each row of the queue a priority key, the opposite one, and j to
 * the next row, a row per frame, until about `count` changes wait in the outbox.
 */
async function triageOffline(page: Page, count: number): Promise<number> {
  for (let round = 0; round < 40 && (await changesWaiting(page)) < count; round++) {
    await page.evaluate(
      (rows) =>
        new Promise<void>((resolve) => {
          const key = (k: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: /\d/.test(k) ? `Digit${k}` : `Key${k.toUpperCase()}`, bubbles: true }));
          let done = 0;
          const frame = () => {
            if (done++ >= rows) return resolve();
            key('1');
            key('4');
            key('j');
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      Math.max(1, Math.ceil((count - (await changesWaiting(page))) / 2)),
    );
    // Let the keys queued in turn reach the outbox before counting again: the same count for 1.5 s.
    let last = -1;
    let same = 0;
    for (let settle = 0; settle < 400 && same < 5; settle++) {
      const now = await changesWaiting(page);
      same = now === last ? same + 1 : 0;
      last = now;
      await page.waitForTimeout(300);
    }
  }
  return changesWaiting(page);
}

/**
 * From the socket's reconnect (the chip leaves "Offline") until the chip says "Online" with nothing
 * waiting, with what the chip said on the way (ms after the reconnect).
 */
async function drainAfterReconnect(page: Page, goOnline: () => Promise<void>): Promise<{ ms: number; steps: string }> {
  const timing = page.evaluate(
    () =>
      new Promise<{ ms: number; steps: string }>((resolve, reject) => {
        const label = () => document.querySelector('[data-testid="connection-state"]')?.textContent ?? '';
        const timeout = setTimeout(() => reject(new Error(`outbox not drained within 120 s: ${label()}`)), 120_000);
        let reconnectedAt: number | null = null;
        const steps: string[] = [];
        let last = '';
        const frame = (now: number) => {
          const text = label();
          if (reconnectedAt === null && !text.startsWith('Offline') && !text.startsWith('Connecting')) reconnectedAt = now;
          if (reconnectedAt !== null && text !== last) steps.push(`${(now - reconnectedAt).toFixed(0)} ms "${text}"`);
          last = text;
          if (reconnectedAt !== null && text === 'Online') {
            clearTimeout(timeout);
            resolve({ ms: now - reconnectedAt, steps: (steps.length > 8 ? [...steps.slice(0, 4), '…', ...steps.slice(-4)] : steps).join(', ') });
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  await goOnline();
  return timing;
}

/** The three slowest samples with their position in the run, to tell a warm-up from a steady cost. */
const slowest = (samples: readonly number[]) =>
  samples
    .map((ms, i) => [i + 1, ms] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([i, ms]) => `#${i}: ${ms.toFixed(1)}`)
    .join(', ');

async function waitFor<T>(what: string, limitMs: number, probe: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const found = await probe();
    if (found !== null) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${limitMs / 1000} s`);
}

/** First sign-ins timed to the first screen: the bootstrap's own, and more in fresh profiles. */
const FIRST_SIGN_INS = 5;

/** Signs in on the page's sign-in form; when the click was asked for and received, and when the first queue row showed. */
async function signIn(page: Page, options: { url: string; email: string; password: string }): Promise<{ askedAt: number; clickedAt: number; usableAt: number }> {
  await page.goto(options.url);
  await page.getByLabel('Email').fill(options.email);
  await page.getByLabel('Password').fill(options.password);
  const askedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Sign in' }).click();
  const usableAt = await waitFor('first queue row', 120_000, () => page.evaluate(() => window.benchFirstRowAt));
  // From the click as the page received it: Playwright's own checks before it clicks (visible, stable,
  // enabled) took about 100 ms here.
  const clickedAt = await page.evaluate(() => window.benchClickAt);
  if (clickedAt === null) throw new Error('the page never received the click on "Sign in"');
  return { askedAt, clickedAt, usableAt };
}

/** Changes made offline for the drain figure. */
const OUTBOX_CHANGES = 1_000;

/**
 * A workstation in a browser profile of its own, kept on disk as an agent's is: `close` ends it and removes
 * the profile.
 */
export type OpenWorkstation = () => Promise<{ context: BrowserContext; close: () => Promise<void> }>;

export async function runUiBench(openWorkstation: OpenWorkstation, options: { url: string; userId: string; tickets: number; email: string; password: string }): Promise<Figure[]> {
  const figures: Figure[] = [];
  const { context, close } = await openWorkstation();
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(watchFirstRow);
  const dbName = `switchboard-mirror-${options.userId}`;

  // 1. Bootstrap: sign-in to a usable queue, and to the whole mirror stored.
  const { askedAt, clickedAt, usableAt } = await signIn(page, options);
  const startedWall = Date.now();
  const stored = await waitFor('bootstrap complete', 540_000, async () => {
    const state = await bootstrapDone(page, dbName);
    return state.done ? state : null;
  });
  const completeAt = stored.doneAt;
  const afterFirstRow = Date.now() - startedWall;
  const complete = completeAt - clickedAt;
  // The raw limits are taken at the end of the run: at 100,000 tickets their two and a half minutes of puts and
  // deleted databases are no agent's work, and must not run just before the first sign-ins and the reload.
  const bootstrapFigures = (raw: Awaited<ReturnType<typeof rawPuts>>): Figure[] => [{
    name: `bootstrap ${stored.tickets.toLocaleString('en')} tickets: complete`,
    unit: 'ms', samples: 1, median: complete, p95: complete, p99: complete,
    target: '≤ 1.3 × raw puts', met: complete <= 1.3 * raw.bare,
    raw: { name: 'raw IndexedDB puts of the rows as the server sent them, a record each', median: raw.bare, p95: raw.bare },
    note: `${(complete / raw.bare).toFixed(2)} × raw; polled every 100 ms (${afterFirstRow} ms after the first row)`,
  }, {
    name: 'bootstrap: complete vs the mirror\'s own schema',
    unit: 'ms', samples: 1, median: complete, p95: complete, p99: complete,
    target: '(diagnostic)', met: null,
    raw: { name: 'raw puts of the mirror\'s records into its own schema', median: raw.indexed, p95: raw.indexed },
    note: `${(complete / raw.indexed).toFixed(2)} × the same records put into stores with the mirror's keys and indexes (a ticket's bootstrap history one record)`,
  }, ...(raw.lean === null ? [] : [{
    name: 'bootstrap: raw puts into a mirror without queue indexes',
    unit: 'ms' as const, samples: 1, median: raw.lean, p95: raw.lean, p99: raw.lean,
    target: '(diagnostic)', met: null,
    raw: { name: 'raw IndexedDB puts of the mirror\'s rows', median: raw.bare, p95: raw.bare },
    note: `${(raw.lean / raw.bare).toFixed(2)} × the bare puts: tickets indexed only by number, customer and a write sequence, the floor of a mirror whose queues live in memory`,
  }])];
  // More first sign-ins, each in a fresh browser profile (an empty mirror) closed once its queue shows:
  // one sample moved by 300 ms from run to run on this shared machine.
  const usable = [usableAt - clickedAt];
  const fromCall = [usableAt - askedAt];
  for (let i = 1; i < FIRST_SIGN_INS; i++) {
    const fresh = await openWorkstation();
    const freshPage = fresh.context.pages()[0] ?? (await fresh.context.newPage());
    await freshPage.addInitScript(watchFirstRow);
    const sample = await signIn(freshPage, options);
    usable.push(sample.usableAt - sample.clickedAt);
    fromCall.push(sample.usableAt - sample.askedAt);
    await fresh.close();
  }
  const firstScreen = summarise(usable);
  figures.push({
    name: 'bootstrap: first screen of the queue usable',
    // Met only if the slowest of the five is: one sign-in in three seconds is what an agent remembers.
    unit: 'ms', ...firstScreen, target: '≤ 1000 ms', met: firstScreen.p95 <= 1000,
    note: `${FIRST_SIGN_INS} first sign-ins (${usable.map((ms) => Math.round(ms)).join(', ')} ms), from the click event (median ${Math.round(summarise(fromCall).median)} ms from Playwright's click call, whose checks before it clicks no agent waits for)`,
  });

  // 2. Queue first paint after a reload (the session survives a reload in the same tab).
  const reloadToFirstRow = async () => {
    await page.reload();
    return waitFor('queue after reload', 30_000, () => page.evaluate(() => window.benchFirstRowAt));
  };
  const searchIndexReady = () => page.evaluate(() => (document.querySelector('#ticket-search[data-search-index="ready"]') ? performance.now() : null));
  // Diagnostic: each reload the moment the previous load's queue showed, as the bench did until the thirteenth
  // session. That times the unload of a page still starting up (docs/performance.md, "Thirteenth session").
  const backToBack: number[] = [];
  for (let i = 0; i < 5; i++) backToBack.push(await reloadToFirstRow());
  // The figure: an agent reloads a workstation in use, so each reload waits until the previous load has
  // settled, its search index built (about 12 s after a load at 100,000 tickets).
  const paints: number[] = [];
  for (let i = 0; i < 5; i++) {
    await waitFor('search index built before a reload', 120_000, searchIndexReady);
    // The last reload is the one profiled or traced (BENCH_PAGE_PROFILE, BENCH_PAGE_TRACE).
    paints.push(await (i === 4 ? profiledStep(page, 'reload', reloadToFirstRow) : reloadToFirstRow()));
  }
  figures.push({
    name: 'queue first paint after reload', unit: 'ms', ...summarise(paints), target: '≤ 300 ms', met: summarise(paints).median <= 300,
    note: `each reload once the previous load had settled (its search index built): ${paints.map((ms) => Math.round(ms)).join(', ')} ms`,
  });
  figures.push({
    name: 'queue first paint after reload, back to back', unit: 'ms', ...summarise(backToBack), target: '(diagnostic)', met: null,
    note: `each reload the moment the previous load's queue showed: ${backToBack.map((ms) => Math.round(ms)).join(', ')} ms`,
  });
  // The in-memory search index is read from the mirror 2 s after a reload; the figures below are taken
  // once it is built, and its build time and the page's heap are reported beside them.
  const indexed = await waitFor('search index built', 120_000, searchIndexReady);
  const heapMiB = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? Number.NaN) / 2 ** 20);
  figures.push({
    name: 'search index built after reload (from a 2 s start delay)', unit: 'ms', samples: 1, median: indexed, p95: indexed, p99: indexed,
    target: '(diagnostic)', met: null, note: `page JS heap ${heapMiB.toFixed(0)} MiB with the index built (polled every 100 ms)`,
  });

  // 3. Triage key to painted row, in the All open queue (the whole mirror's open tickets).
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await page.locator('[data-testid="queue-row"][aria-selected="true"]').waitFor();
  const frames = summarise(await idleFrames(page, 120));
  const triage: number[] = [];
  const paintedIn: number[] = [];
  await profiledStep(page, 'triage', async () => {
    for (let i = 0; i < 40; i++) {
      const sample = await triageSample(page);
      triage.push(sample.ms);
      paintedIn.push(sample.frame);
      await page.waitForTimeout(150);
    }
  });
  const triaged = summarise(triage);
  const inFrame = (n: number) => paintedIn.filter((f) => f === n).length;
  figures.push({
    name: 'triage key → updated row painted (All open)',
    unit: 'ms', ...triaged, target: 'p95 ≤ 16 ms', met: triaged.p95 <= 16,
    raw: { name: 'idle frame interval', median: frames.median, p95: frames.p95 },
    note: `painted in the 1st frame after the key: ${inFrame(1)} of ${paintedIn.length}, 2nd: ${inFrame(2)}, later: ${paintedIn.length - inFrame(1) - inFrame(2)}; slowest samples (sample number: ms): ${slowest(triage)}`,
  });

  // 4. Scrolling the whole queue.
  await page.locator('[data-testid="queue-list"]').evaluate((el) => (el.scrollTop = 0));
  const scrollDurations = await profiledStep(page, 'scroll', () => scrollFrames(page, 600));
  const scrolled = summarise(scrollDurations);
  // A dropped frame is one that took more than 1.5 idle frames; the p95 allows the 0.5 ms that
  // vsync timestamps jitter by on an idle page, which no scrolling code can beat.
  const droppedAt = scrollDurations.flatMap((d, frame) => (d > 1.5 * frames.median ? [`#${frame + 1}: ${d.toFixed(0)}`] : []));
  const dropped = droppedAt.length;
  figures.push({
    name: 'scroll the whole All open queue, frame time',
    unit: 'ms', ...scrolled, target: 'p95 ≤ 16.7 ms (+0.5 ms vsync jitter), ≤ 1 % frames dropped',
    met: scrolled.p95 <= Math.max(16.7, frames.p95) + 0.5 && dropped <= scrollDurations.length / 100,
    raw: { name: 'idle frame interval', median: frames.median, p95: frames.p95 },
    note: `${dropped} of ${scrollDurations.length} frames dropped (longer than 1.5 idle frames; frame number: ms): ${droppedAt.join(', ') || 'none'}`,
  });

  // 5. Local search, typed to results on screen.
  const queries = ['router', 'invoice', 'vpn firm', 'password login', 'SB-100123', '150000', 'outage modem', 'refund', 'licen', 'delivery printer'];
  const searches: number[] = [];
  await profiledStep(page, 'search', async () => {
    for (let round = 0; round < 3; round++) for (const query of queries) searches.push(await searchSample(page, query));
  });
  const searched = summarise(searches);
  figures.push({
    name: 'local search, typed → results painted',
    unit: 'ms', ...searched, target: 'p95 ≤ 50 ms', met: searched.p95 <= 50,
    raw: { name: 'idle frame interval', median: frames.median, p95: frames.p95 },
    note: `slowest samples (sample number: ms): ${slowest(searches)}; queries: ${queries.join(' | ')}, three rounds`,
  });

  // 6. Outbox drain: about 1,000 changes triaged offline, from the reconnect until all are confirmed.
  await context.setOffline(true);
  await waitFor('offline', 60_000, async () => ((await page.getByTestId('connection-state').textContent())?.startsWith('Offline') ? true : null));
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  const waiting = await triageOffline(page, OUTBOX_CHANGES);
  // With BENCH_PAGE_PROFILE, also every socket frame of the drain with its time, to prof/page-drain-frames.txt.
  const socketFrames: string[] = [];
  if (process.env.BENCH_PAGE_PROFILE) {
    const t0 = Date.now();
    page.on('websocket', (ws) => {
      const log = (dir: string) => (frame: { payload: string | Buffer }) => {
        const text = frame.payload.toString();
        socketFrames.push(`${Date.now() - t0} ${dir} ${text.length} ${text.slice(0, 60)}`);
      };
      ws.on('framesent', log('>'));
      ws.on('framereceived', log('<'));
    });
  }
  const { ms: drained, steps } = await profiledStep(page, 'drain', () => drainAfterReconnect(page, () => context.setOffline(false)));
  if (process.env.BENCH_PAGE_PROFILE) writeFileSync('prof/page-drain-frames.txt', socketFrames.join('\n'));
  figures.push({
    name: `outbox drain in Chromium: ${waiting.toLocaleString('en')} offline triage changes, reconnect → all confirmed`,
    unit: 'ms', samples: 1, median: drained, p95: drained, p99: drained,
    target: '≤ 3000 ms', met: drained <= 3000,
    note: `the workstation's own engine over Chromium's IndexedDB with ${options.tickets.toLocaleString('en')} tickets in the mirror; timed in the page from the status chip leaving "Offline" to "Online" with nothing waiting; the chip said: ${steps}`,
  });
  // The rows the mirror holds now: the bootstrap's, with the drain's changes and their history events.
  figures.unshift(...bootstrapFigures(await rawPuts(page, dbName, Boolean(process.env.BENCH_LEAN_PUTS))));
  await close();
  return figures;
}
