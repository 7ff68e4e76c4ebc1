import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

async function ticketByNumber(page: Page, url: string, number: string) {
  const login = await (await page.request.post(`${url}/api/auth/login`, { data: { email: 'admin@demo.switchboard', password: 'switchboard-demo' } })).json();
  const response = await page.request.get(`${url}/api/tickets/${number}`, { headers: { authorization: `Bearer ${login.token}` } });
  return response.ok() ? (await response.json()).ticket : null;
}

test('F2, the caller is found by number, and the new ticket has a number to read out at once', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  await page.keyboard.press('F2');
  const panel = page.getByTestId('call-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('call-timer')).toHaveText(/^0:0\d$/);

  // Demo customers have numbers in the range reserved for fiction: 020 7946 0xxx.
  await page.getByLabel("Caller's number").fill('020 7946 0002');
  await page.getByTestId('caller-matches').getByRole('button').first().click();
  await expect(page.getByTestId('caller')).toBeVisible();
  await page.getByLabel('Subject').fill('Invoice shows the wrong address');
  await page.getByLabel('Notes').fill('Moved in October; wants the invoice reissued.');
  await page.getByLabel('Urgency').click();
  await page.getByRole('option', { name: 'high' }).click();
  await expect(page.getByTestId('call-priority')).toHaveText('high');
  await panel.getByRole('button', { name: 'Create ticket' }).click();

  const number = page.getByTestId('call-ticket-number');
  await expect(number).toHaveText(/^SB-\d+$/);
  // The first-response promise from the SLA engine, in the words an agent says on the phone.
  await expect(page.getByTestId('call-promise')).toHaveText(/^Tell the caller: we will respond (today by|tomorrow by|by [A-Z][a-z]+|by \d{1,2} [A-Z][a-z]+) \d\d:\d\d( \(.+\))?\.$/);
  const readOut = await number.innerText();
  await expect.poll(async () => (await ticketByNumber(page, server.url, readOut))?.subject).toBe('Invoice shows the wrong address');
  const ticket = await ticketByNumber(page, server.url, readOut);
  expect(ticket).toMatchObject({ channel: 'phone', priority: 'high', status: 'new' });
  expect(ticket.customerId).not.toBeNull();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(panel).toHaveCount(0);
});

test('a call in progress survives a reload', async ({ page, server }) => {
  await signIn(page, server.url, 'ben@demo.switchboard');
  await page.keyboard.press('F2');
  await page.getByLabel("Caller's number").fill('0161 496 0123');
  await page.getByLabel('Notes').fill('Caller reports the router light is red');
  await page.reload();
  await expect(page.getByTestId('call-panel')).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue('Caller reports the router light is red');
  await expect(page.getByLabel("Caller's number")).toHaveValue('0161 496 0123');
});

test('offline, a new caller and a new ticket get a final number from the lease and reach the server later', async ({ page, server }) => {
  await signIn(page, server.url, 'bea@demo.switchboard');
  await page.context().setOffline(true);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  await page.keyboard.press('F2');
  await page.getByLabel("Caller's number").fill('0161 496 0555');
  await page.getByLabel("New customer's name").fill('Grace Hopper');
  await page.getByLabel('Subject').fill('Charged twice');
  await page.getByTestId('call-panel').getByLabel('Category').click();
  await page.getByRole('option', { name: 'Billing' }).click();
  await page.getByTestId('call-panel').getByRole('button', { name: 'Create ticket' }).click();
  const number = page.getByTestId('call-ticket-number');
  await expect(number).toHaveText(/^SB-\d+$/);
  const readOut = await number.innerText();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText(/Offline · 3 changes waiting/);

  await page.context().setOffline(false);
  await expect(page.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });
  await expect.poll(async () => (await ticketByNumber(page, server.url, readOut))?.subject).toBe('Charged twice');
});
