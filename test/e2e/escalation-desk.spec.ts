import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { clickNotification, recordNotifications, shownNotifications } from './notifications';
import { signIn } from './session';

const selectedRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-selected="true"]');
const titles = shownNotifications;

/** A signed-in person in their own browser profile whose notifications the test can see and click, as the OS would. */
async function person(browser: Browser, url: string, email: string, options: { queueHasRows?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await recordNotifications(context, page, url);
  await signIn(page, url, email, undefined, options);
  return { context, page };
}

/**
 * A drag as a supervisor makes it: press on the ticket, move a little (the drag starts there), then over
 * the other lane. Playwright's dragTo starts the drag where the mouse lands, not where it was pressed.
 */
async function dragTicket(page: Page, ticket: Locator, lane: Locator): Promise<void> {
  const from = (await ticket.boundingBox())!;
  const to = (await lane.getByRole('heading').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The agent escalates the selected ticket of their queue with a handover note; returns its number. */
async function escalateSelected(page: Page, note: string): Promise<string> {
  const number = await selectedRow(page).getByTestId('row-number').innerText();
  await page.keyboard.press('e');
  await page.getByLabel('Handover note: what you tried, what you told the customer').fill(note);
  await page.getByRole('button', { name: 'Escalate', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  return number;
}

test('an agent escalates with a handover note; the supervisor is notified, opens it from the notification and acknowledges; the agent sees the acknowledgement', async ({ browser, server }) => {
  const { page: ada } = await person(browser, server.url, 'ada@demo.switchboard');
  const { page: sam } = await person(browser, server.url, 'sam.supervisor@demo.switchboard', { queueHasRows: false });

  const number = await escalateSelected(ada, 'Reset the router twice and replaced the cable; the caller runs a clinic and needs it today.');
  // Sam's notification names the ticket, who escalated it, and carries the handover note.
  await expect.poll(() => titles(sam), { timeout: 15_000 }).toContainEqual(expect.stringMatching(new RegExp(`^${number} escalated to level \\d by Ada Agent \\| Reset the router twice`)));
  await clickNotification(sam, `${number} escalated`);
  await expect(sam.getByTestId('ticket-number')).toHaveText(number);
  await expect(sam.getByTestId('escalation-banner')).toContainText('for a supervisor');
  await expect(sam.getByTestId('timeline')).toContainText('Handover note: Reset the router twice');

  // Acknowledged from the keyboard with a word for Ada; the banner says so at once.
  await sam.keyboard.press('Shift+A');
  await sam.getByLabel('What you will do (optional; the agent who escalated reads it)').fill('Calling the clinic myself within the hour.');
  await sam.keyboard.press('Control+Enter');
  await expect(sam.getByTestId('escalation-banner')).toContainText('acknowledged by Sam Supervisor');

  // Ada hears of it with the note, and her ticket says who took it on.
  await expect.poll(() => titles(ada), { timeout: 15_000 }).toContainEqual(`Sam Supervisor acknowledged the escalation of ${number} | Calling the clinic myself within the hour.`);
  await ada.keyboard.press('Enter');
  await expect(ada.getByTestId('ticket-number')).toHaveText(number);
  await expect(ada.getByTestId('escalation-banner')).toContainText('acknowledged by Sam Supervisor');
  await expect(ada.getByTestId('timeline')).toContainText('Escalation acknowledged by Sam Supervisor');
});

test('a supervisor who was offline gets the escalations of that time once on reconnect, grouped', async ({ browser, server }) => {
  const { page: ben } = await person(browser, server.url, 'ben@demo.switchboard');
  const { context: samContext, page: sam } = await person(browser, server.url, 'sam.supervisor@demo.switchboard', { queueHasRows: false });
  await samContext.setOffline(true);
  await expect(sam.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  const before = (await titles(sam)).length;

  const numbers: string[] = [];
  for (let i = 0; i < 4; i++) {
    numbers.push(await escalateSelected(ben, `Customer ${i + 1} needs a refund above my limit; told them a supervisor will call.`));
    await ben.keyboard.press('j');
  }
  await expect(ben.getByTestId('connection-state')).toHaveText('Online', { timeout: 15_000 });

  await samContext.setOffline(false);
  await expect(sam.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });
  await expect.poll(async () => (await titles(sam)).slice(before), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/^4 escalations wait for a supervisor \| /));
  const grouped = (await titles(sam)).slice(before).find((t) => t.startsWith('4 escalations'))!;
  for (const number of numbers) expect(grouped).toContain(number);
  // Clicking the group opens the escalations queue, unacknowledged first.
  await clickNotification(sam, '4 escalations');
  await expect(sam.getByTestId('queue-escalated')).toHaveClass(/Mui-selected/);
  await expect(sam.getByTestId('queue-row').first().getByTestId('row-escalation')).toContainText('waiting');

  // Once: a reload does not tell them again.
  const shownBeforeReload = (await titles(sam)).filter((t) => numbers.some((n) => t.includes(n))).length;
  expect(shownBeforeReload).toBe(1);
  await sam.reload();
  await expect(sam.getByTestId('connection-state')).toHaveText('Online');
  await sam.waitForTimeout(1_000);
  expect((await titles(sam)).filter((t) => numbers.some((n) => t.includes(n)))).toEqual([]);
});

test('the team board shows availability live (on a call while the call panel is open, away when chosen) and reassigns a ticket by drag and by keyboard', async ({ browser, server }) => {
  const { page: ada } = await person(browser, server.url, 'ada@demo.switchboard');
  const { page: sam } = await person(browser, server.url, 'sam.supervisor@demo.switchboard', { queueHasRows: false });
  await sam.keyboard.press('g');
  await sam.keyboard.press('a');
  const board = sam.getByTestId('team-board');
  await expect(board.getByTestId('board-status')).toContainText('Live');
  const adaLane = board.getByRole('region', { name: /^Ada Agent/ });
  const benLane = board.getByRole('region', { name: /^Ben Agent/ });
  await expect(adaLane.getByTestId('board-availability')).toHaveText('Available');

  await ada.keyboard.press('F2');
  await expect(ada.getByTestId('availability')).toHaveText(/On a call/);
  await expect(adaLane.getByTestId('board-availability')).toHaveText('On a call', { timeout: 10_000 });
  await ada.getByRole('button', { name: 'Discard this call' }).click();
  await expect(adaLane.getByTestId('board-availability')).toHaveText('Available', { timeout: 10_000 });
  await ada.getByTestId('availability').click();
  await ada.getByRole('menuitem', { name: 'Away' }).click();
  await expect(adaLane.getByTestId('board-availability')).toHaveText('Away', { timeout: 10_000 });
  await expect(adaLane.getByTestId('board-load')).toHaveText(/\d+ of \d+ open/);

  // Drag Ada's most urgent ticket onto Ben: it leaves her lane and her own queue, and Ben carries one more.
  const loadOf = async (lane: typeof adaLane) => Number((await lane.getByTestId('board-load').innerText()).split(' ')[0]);
  const benBefore = await loadOf(benLane);
  const dragged = adaLane.getByTestId('board-ticket').first();
  const draggedId = await dragged.getAttribute('data-ticket-id');
  await expect(ada.locator(`[data-testid="queue-row"][data-ticket-id="${draggedId}"]`)).toHaveCount(1);
  await dragTicket(sam, dragged, benLane);
  await expect(adaLane.locator(`[data-ticket-id="${draggedId}"]`)).toHaveCount(0);
  await expect.poll(() => loadOf(benLane), { timeout: 10_000 }).toBe(benBefore + 1);
  await expect(ada.locator(`[data-testid="queue-row"][data-ticket-id="${draggedId}"]`)).toHaveCount(0, { timeout: 15_000 });

  // The next one from the keyboard: focus the ticket, A (Assign to…), choose Ben.
  const next = adaLane.getByTestId('board-ticket').first();
  const nextId = await next.getAttribute('data-ticket-id');
  await next.focus();
  await sam.keyboard.press('a');
  await sam.getByRole('dialog').getByRole('option', { name: /Ben Agent/ }).click();
  await expect(adaLane.locator(`[data-ticket-id="${nextId}"]`)).toHaveCount(0);
  await expect.poll(() => loadOf(benLane), { timeout: 10_000 }).toBe(benBefore + 2);
  await expect(ada.locator(`[data-testid="queue-row"][data-ticket-id="${nextId}"]`)).toHaveCount(0, { timeout: 15_000 });
});
