import { expect, test } from './fixtures';
import { clickNotification, recordNotifications } from './notifications';
import { signIn } from './session';

test('an SLA alert becomes a desktop notification when the ticket crosses its target, and clicking it opens the ticket', async ({ page, context, server }) => {
  await recordNotifications(context, page, server.url);
  // The page's clock runs normally until the test moves it.
  await page.clock.install();
  // Casey (a supervisor) has no tickets of their own in the demo, so only the ticket below can alert.
  await signIn(page, server.url, 'casey.supervisor@demo.switchboard', undefined, { queueHasRows: false });

  await page.keyboard.press('F2');
  await page.getByLabel("Caller's number").fill('020 7946 0002');
  await page.getByTestId('caller-matches').getByRole('button').first().click();
  await page.getByLabel('Subject').fill('Whole office cannot log in');
  await page.getByLabel('Impact').click();
  await page.getByRole('option', { name: 'high' }).click();
  await page.getByLabel('Urgency').click();
  await page.getByRole('option', { name: 'high' }).click();
  await page.getByTestId('call-panel').getByRole('button', { name: 'Create ticket' }).click();
  const number = await page.getByTestId('call-ticket-number').innerText();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  // Casey is also her team's supervisor: the critical ticket's escalation reaches her too (escalation-desk.spec.ts); here only SLA alerts count.
  const titles = () => page.evaluate(() => window.shownNotifications.map((n) => n.title).filter((title) => !/ escalated /.test(title)));
  expect(await titles()).toEqual([]);

  // A week later at least one working day has passed whatever the time now: the 1-hour first response
  // target of a critical ticket is breached (a call without a disposition is not a response).
  await page.clock.fastForward(7 * 24 * 3_600_000);
  await expect.poll(titles, { timeout: 30_000 }).toEqual([`${number} breached its first response target`]);
  await expect(page.getByTestId('alerts-button')).toContainText('1');

  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(page.getByTestId('ticket-workspace')).toHaveCount(0);
  await clickNotification(page, `${number} breached`);
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
  await expect(page.getByTestId('sla-first_response')).toContainText('overdue');

  // Checked again later: the same ticket and threshold never alert twice.
  await page.clock.fastForward(3_600_000);
  await page.waitForTimeout(500);
  expect(await titles()).toHaveLength(1);
});
