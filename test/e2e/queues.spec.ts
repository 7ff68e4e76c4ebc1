import type { Page } from '@playwright/test';
import { formatTicketNumber } from '../../core/ticket/ticket';
import { expect, test } from './fixtures';
import { signIn } from './session';

const column = (page: Page, testId: string) => page.getByTestId('queue-row').getByTestId(testId);

test('queues sort by SLA due time; at risk, filters and sorts narrow and order them', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  // My work: soonest due first, tickets whose clocks are paused after all of them.
  const dues = await column(page, 'row-due').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-due') ?? ''));
  const running = dues.filter(Boolean);
  expect(running.length).toBeGreaterThan(0);
  expect(running).toEqual([...running].sort());
  expect(dues.slice(0, running.length)).toEqual(running);

  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(page.getByTestId('queue-at-risk')).toHaveClass(/Mui-selected/);
  await expect(page.getByTestId('queue-count-at-risk')).not.toHaveText('0'); // counts follow the rows within a moment
  const atRisk = Number(await page.getByTestId('queue-count-at-risk').innerText());
  expect(atRisk).toBeGreaterThan(0);
  await expect(column(page, 'row-due').first()).toHaveText(/overdue|due in/);

  await page.getByTestId('queue-all-open').click();
  await page.getByLabel('Priority', { exact: true }).click();
  await page.getByRole('option', { name: 'High' }).click();
  await page.keyboard.press('Escape');
  await expect(column(page, 'row-priority').first()).toHaveText('high');
  expect(new Set(await column(page, 'row-priority').allInnerTexts())).toEqual(new Set(['high']));

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Sort by').click();
  await page.getByRole('option', { name: 'Priority, then SLA due' }).click();
  await expect(column(page, 'row-priority').first()).toHaveText('critical');
});

test('the customer directory finds a caller by name or number and opens their tickets', async ({ page, server }) => {
  await signIn(page, server.url, 'ben@demo.switchboard');
  // From a ticket in Ben's queue to its customer's page.
  await page.keyboard.press('Enter');
  const number = await page.getByTestId('ticket-number').innerText();
  const name = await page.getByTestId('ticket-customer').innerText();
  await page.getByTestId('ticket-customer').click();
  const detail = page.getByTestId('customer-detail');
  await expect(detail.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('nav-customers')).toHaveClass(/Mui-selected/);
  const phone = (await detail.innerText()).match(/\+\d[\d ]{8,}\d/)![0];

  // Found again by the number a caller gives and by a word of the name.
  // (The demo's fictional US range is small: a number can belong to several demo customers.)
  await page.getByTestId('customer-search').fill(phone);
  await expect(page.getByTestId('customer-row').filter({ hasText: name })).not.toHaveCount(0);
  for (const row of await page.getByTestId('customer-row').all()) await expect(row).toContainText(phone);
  await page.getByTestId('customer-search').fill(name.split(' ')[0]!.toLowerCase());
  await expect(page.getByTestId('customer-row').filter({ hasText: name }).first()).toBeVisible();

  await detail.getByTestId('customer-ticket').filter({ hasText: number }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
});

test('a fast scroll through the queue shows every row in order, each with its own ticket', async ({ page, server }) => {
  // A supervisor of two teams: All open holds well over the rows read with the queue's ids.
  await signIn(page, server.url, 'sam.supervisor@demo.switchboard', undefined, { queueHasRows: false });
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(page.getByTestId('queue-all-open')).toHaveClass(/Mui-selected/);
  const list = page.getByRole('listbox', { name: 'Tickets' });
  await expect(page.locator('[data-testid="queue-row"][data-index="10"]')).toBeAttached();
  // Well past the rows read with the queue's ids (HEAD_ROWS, 60) and a window beyond them.
  expect(await list.evaluate((el) => el.scrollHeight / 40)).toBeGreaterThan(120);
  // More than a whole window a frame, to the end and back up: each frame mounts rows still being read,
  // whose reads answer after the list has moved on.
  const frames = await list.evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        const step = el.clientHeight * 1.5;
        let count = 0;
        let down = true;
        const frame = () => {
          count += 1;
          if (down && el.scrollTop + el.clientHeight >= el.scrollHeight - 1) down = false;
          el.scrollTop += down ? step : -step;
          if (!down && el.scrollTop === 0) resolve(count);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  expect(frames).toBeGreaterThan(4);
  // Then to the middle, and wait until the row at its top is read.
  const middle = await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
    return Math.floor(el.scrollTop / 40);
  });
  await expect(page.locator(`[data-testid="queue-row"][data-index="${middle}"] [data-testid="row-number"]`)).toBeAttached();
  // The selected row (the first) is scrolled out of the window: the list names no active row that is not there.
  const activeRow = () => list.evaluate((el) => {
    const active = el.getAttribute('aria-activedescendant');
    return active === null ? null : { exists: document.getElementById(active) !== null, selected: document.getElementById(active)?.getAttribute('aria-selected') ?? null };
  });
  expect(await activeRow()).toBeNull();

  await expect(async () => {
    const rows = await page.getByTestId('queue-row').evaluateAll((elements) =>
      elements.map((row) => ({
        id: row.getAttribute('data-ticket-id')!,
        index: Number(row.getAttribute('data-index')),
        number: row.querySelector('[data-testid="row-number"]')?.textContent ?? '',
        top: row.getBoundingClientRect().top,
      })),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.some((r) => r.index === middle)).toBe(true);
    // In order on screen, one position after another.
    expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => rows[0]!.index + i));
    expect(rows.map((r) => r.top)).toEqual([...rows.map((r) => r.top)].sort((a, b) => a - b));
    // Each row read and showing the number of the ticket it stands for, as the mirror holds it.
    const stored = await mirrorTicketNumbers(page, rows.map((r) => r.id));
    expect(rows.map((r) => r.number)).toEqual(stored.map((n) => formatTicketNumber(n)));
  }).toPass();
  // A key moves the selection and scrolls it back into view: the list names the selected row again.
  await page.keyboard.press('j');
  await expect.poll(activeRow).toEqual({ exists: true, selected: 'true' });
});

/** The numbers of tickets in the signed-in user's mirror, read with the raw IndexedDB API in the page. */
function mirrorTicketNumbers(page: Page, ids: string[]): Promise<Array<number | null>> {
  return page.evaluate(async (wanted) => {
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('switchboard-mirror-'));
    if (!name) throw new Error('no mirror database in this page');
    return new Promise<Array<number | null>>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const numbers: Array<number | null> = wanted.map(() => null);
        const transaction = db.transaction('tickets');
        wanted.forEach((id, i) => {
          transaction.objectStore('tickets').get(id).onsuccess = (event) => (numbers[i] = (event.target as IDBRequest<{ number: number } | undefined>).result?.number ?? null);
        });
        transaction.oncomplete = () => {
          db.close();
          resolve(numbers);
        };
        transaction.onerror = () => reject(transaction.error);
      };
    });
  }, ids);
}
