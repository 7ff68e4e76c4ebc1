import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

const selectedRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-selected="true"]');

/** Ada and Ben, both of Technical Support, each in their own browser profile. */
async function twoAgents(browser: Browser, url: string) {
  const adaContext = await browser.newContext();
  const benContext = await browser.newContext();
  const ada = await adaContext.newPage();
  const ben = await benContext.newPage();
  await signIn(ada, url, 'ada@demo.switchboard');
  await signIn(ben, url, 'ben@demo.switchboard');
  return { adaContext, benContext, ada, ben };
}

async function openByNumber(page: Page, number: string): Promise<void> {
  await page.getByLabel('Search tickets').fill(number);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.getByLabel('Search tickets').press('Enter');
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
}

test('offline, an agent edits a ticket, logs a call and creates a ticket; back online, a second agent sees every change', async ({ browser, server }) => {
  const { adaContext, benContext, ada, ben } = await twoAgents(browser, server.url);

  await adaContext.setOffline(true);
  await expect(ada.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  // An edit: the first ticket of Ada's queue becomes critical, with an internal note.
  const edited = await selectedRow(ada).getByTestId('row-number').innerText();
  await ada.keyboard.press('1');
  await expect(selectedRow(ada).getByTestId('row-priority')).toHaveText('critical');
  await ada.keyboard.press('n');
  await ada.getByLabel('Note for colleagues (the customer does not see it)').fill('Customer rang back offline; raised to critical.');
  await ada.getByRole('button', { name: 'Add note' }).click();

  // A call that creates a new ticket for a caller not yet in the customers.
  await ada.keyboard.press('F2');
  await ada.getByLabel("Caller's number").fill('0113 496 0777');
  await ada.getByLabel("New customer's name").fill('Katherine Johnson');
  await ada.getByLabel('Subject').fill('VPN drops every ten minutes');
  await ada.getByLabel('Notes').fill('Started after the office move.');
  await ada.getByTestId('call-panel').getByRole('button', { name: 'Create ticket' }).click();
  const created = await ada.getByTestId('call-ticket-number').innerText();
  await ada.getByRole('button', { name: 'Done' }).click();
  await expect(ada.getByTestId('connection-state')).toHaveText(/Offline · \d+ changes waiting/);

  await adaContext.setOffline(false);
  await expect(ada.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });

  // Ben (same team) gets all of it pushed to his mirror.
  await openByNumber(ben, edited);
  await expect(ben.getByTestId('ticket-priority')).toHaveText('critical', { timeout: 15_000 });
  await expect(ben.getByTestId('ticket-workspace')).toContainText('Customer rang back offline; raised to critical.');
  await openByNumber(ben, created);
  await expect(ben.getByTestId('ticket-subject')).toHaveText('VPN drops every ten minutes');
  await expect(ben.getByTestId('ticket-customer')).toHaveText('Katherine Johnson');
  await expect(ben.getByTestId('ticket-workspace')).toContainText('Inbound call');
  await expect(ben.getByTestId('ticket-workspace')).toContainText('Started after the office move.');

  await adaContext.close();
  await benContext.close();
});

async function chooseCategory(page: Page, typed: string): Promise<void> {
  await page.keyboard.press('c');
  await page.getByRole('textbox', { name: 'Category' }).fill(typed);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('an offline edit that lost to a later one is in the conflict center with what was written; re-apply makes it stick', async ({ browser, server }) => {
  const { adaContext, benContext, ada, ben } = await twoAgents(browser, server.url);
  await ada.keyboard.press('j');
  const number = await selectedRow(ada).getByTestId('row-number').innerText();

  await adaContext.setOffline(true);
  await expect(ada.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  await ada.keyboard.press('Enter');
  await chooseCategory(ada, 'bug report');
  await expect(ada.getByTestId('ticket-workspace')).toContainText('Bug report');
  // Ben changes the same field of the same ticket later, online: his edit is the latest.
  await openByNumber(ben, number);
  await chooseCategory(ben, 'how-to');
  await expect(ben.getByTestId('ticket-workspace')).toContainText('How-to question');
  await expect(ben.getByTestId('connection-state')).toHaveText('Online', { timeout: 15_000 });

  await adaContext.setOffline(false);
  await expect(ada.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });
  // Ada's screen shows the value that was kept, and the conflict center says why, with her choice kept.
  await expect(ada.getByTestId('ticket-workspace')).toContainText('How-to question');
  await ada.getByTestId('conflicts-button').click();
  const conflict = ada.getByRole('dialog', { name: 'Changes that did not stick' }).getByTestId('conflict');
  await expect(conflict).toContainText(`Ticket edit on ${number}`);
  await expect(conflict).toContainText("Another agent's later edit won: categoryId kept as how-to");
  await expect(conflict).toContainText('categoryId: bug-report');
  await conflict.getByRole('button', { name: 'Re-apply' }).click();
  await expect(conflict).toHaveCount(0);
  await ada.getByRole('button', { name: 'Done' }).click();

  // Re-applied, Ada's choice is now the latest edit, on her screen and on Ben's.
  await expect(ada.getByTestId('ticket-workspace')).toContainText('Bug report');
  await expect(ben.getByTestId('ticket-workspace')).toContainText('Bug report', { timeout: 15_000 });
  await adaContext.close();
  await benContext.close();
});
