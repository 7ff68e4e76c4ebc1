import type { Page } from '@playwright/test';
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
