import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

async function serverTicket(page: Page, url: string, id: string) {
  const login = await (await page.request.post(`${url}/api/auth/login`, { data: { email: 'admin@demo.switchboard', password: 'switchboard-demo' } })).json();
  for (let before: number | null = null, i = 0; i < 10; i++) {
    const body = await (await page.request.get(`${url}/api/tickets?limit=200${before ? `&before=${before}` : ''}`, { headers: { authorization: `Bearer ${login.token}` } })).json();
    const found = body.tickets.find((t: { id: string }) => t.id === id);
    if (found) return found;
    before = body.nextBefore;
    if (!before) break;
  }
  return null;
}

const selectedRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-selected="true"]');

test('an agent triages from the keyboard: move, set priority, open, resolve; the server gets each change', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  await expect(page.getByTestId('queue-count-my-work')).not.toHaveText('0'); // counts follow the rows within a moment
  const count = Number(await page.getByTestId('queue-count-my-work').innerText());
  expect(count).toBeGreaterThan(2);

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(selectedRow(page)).toHaveAttribute('data-ticket-id', /.+/);
  const rows = page.getByTestId('queue-row');
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');

  const id = (await selectedRow(page).getAttribute('data-ticket-id'))!;
  await page.keyboard.press('1');
  await expect(selectedRow(page).getByTestId('row-priority')).toHaveText('critical');
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.priority).toBe('critical');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-workspace')).toBeVisible();
  await expect(page.getByTestId('ticket-priority')).toHaveText('critical');
  // SLA clocks computed in the browser from the mirrored history, with their state.
  await expect(page.getByTestId('sla-first_response')).toContainText('Response');
  await expect(page.getByTestId('sla-resolution')).toContainText(/Resolution (paused|overdue|today|tomorrow|by|: met)/);
  await page.keyboard.press('r');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('resolution summary');
  await page.getByLabel('Resolution summary: what fixed it').fill('Reset the router and confirmed with the caller');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.status).toBe('resolved');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-list')).toBeVisible();
  // The queue counts follow the mirror.
  await expect(page.getByTestId('queue-count-my-work')).toHaveText(String(count - 1));
});

test('offline, a triage change shows at once, waits in the outbox, and reaches the server on reconnect', async ({ page, server }) => {
  await signIn(page, server.url, 'ben@demo.switchboard');
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page.getByTestId('queue-team')).toHaveClass(/Mui-selected/);
  // "g t" is a sequence: its last key must not also run "t" (move to team).
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(selectedRow(page)).toBeVisible();
  const id = (await selectedRow(page).getAttribute('data-ticket-id'))!;
  const before = (await serverTicket(page, server.url, id)).priority;
  const target = before === 'low' ? 'high' : 'low';

  await page.context().setOffline(true);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  await page.keyboard.press(target === 'low' ? '4' : '2');
  await expect(selectedRow(page).getByTestId('row-priority')).toHaveText(target);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline · 1 change waiting');
  expect((await serverTicket(page, server.url, id)).priority).toBe(before);

  await page.context().setOffline(false);
  await expect(page.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.priority).toBe(target);
});

test('hotkeys never fire while typing, and the cheat sheet lists them from the keymap', async ({ page, server }) => {
  await signIn(page, server.url, 'bea@demo.switchboard');
  const priority = await selectedRow(page).getByTestId('row-priority').innerText();
  await page.keyboard.press('n');
  const note = page.getByLabel('Note for colleagues (the customer does not see it)');
  await note.pressSequentially('j1 asked for a callback');
  await expect(note).toHaveValue('j1 asked for a callback');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(selectedRow(page).getByTestId('row-priority')).toHaveText(priority);

  await page.keyboard.press('Shift+?');
  const sheet = page.getByRole('table', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Next ticket');
  await expect(sheet).toContainText('J or ArrowDown');
  await expect(sheet).toContainText('G then M');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
});

test('the command palette lists the keymap\'s actions and runs the one chosen', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  await page.keyboard.press('j');
  const row = selectedRow(page);
  const target = (await row.getByTestId('row-priority').innerText()) === 'critical' ? 'low' : 'critical';
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('option', { name: /Next ticket/ })).toBeVisible();
  await page.getByLabel('Action', { exact: true }).fill(`priority ${target}`);
  await expect(palette.getByRole('option')).toHaveCount(1);
  await expect(palette.getByRole('option')).toContainText(target === 'low' ? '4' : '1');
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(row.getByTestId('row-priority')).toHaveText(target);
});

test('keys can be remapped; a key another action uses is refused with the reason; the choice survives a reload', async ({ page, server }) => {
  await signIn(page, server.url, 'carl@demo.switchboard');
  await page.getByRole('button', { name: 'Keys…' }).click();
  const field = page.getByLabel('Keys for Next ticket');
  await field.fill('n');
  await field.press('Enter');
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('N is already used by "Internal note".');
  await expect(field).toHaveValue('j, ArrowDown');
  await field.fill('Shift+J, ArrowDown');
  await field.press('Enter');
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Done' }).click();

  const rows = page.getByTestId('queue-row');
  await page.keyboard.press('j');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Shift+J');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');

  await page.reload();
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press('Shift+J');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
});

test('/ searches the mirror by number or words, also offline, and Enter opens the ticket', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  const first = page.getByTestId('queue-row').first();
  const number = await first.getByTestId('row-number').innerText();
  await page.context().setOffline(true);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });

  await page.keyboard.press('/');
  await expect(page.getByLabel('Search tickets')).toBeFocused();
  await page.keyboard.type(number.toLowerCase());
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-result')).toContainText(number);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-number')).toHaveText(number);

  await page.getByLabel('Search tickets').fill('router drops');
  await expect(page.getByTestId('search-result').first()).toContainText('Router drops connection every hour');
  await page.getByLabel('Search tickets').fill('no such words anywhere');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Search tickets')).toHaveValue('');
  await expect(page.getByTestId('queue-list')).toBeVisible();
});

test('a search covers the queue and gives it back as it was: where the agent had scrolled, and the row selected', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(page.getByTestId('queue-all-open')).toHaveClass(/Mui-selected/);
  const list = page.getByRole('listbox', { name: 'Tickets' });
  await expect(page.locator('[data-testid="queue-row"][data-index="10"]')).toBeAttached();
  await list.evaluate((el) => (el.scrollTop = 1200));
  // 1200 px down, row 30 is at the top: the agent clicks one a few rows below it.
  await page.locator('[data-testid="queue-row"][data-index="33"]').click();
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('data-index', '33');
  const number = await selected.getByTestId('row-number').innerText();

  await page.keyboard.press('/');
  await page.keyboard.type('router');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  // Covered, the queue is out of reach: inert, so it cannot take focus and screen readers skip it.
  expect(await list.evaluate((el) => (el as HTMLElement).closest('[inert]') !== null)).toBe(true);
  expect(await list.evaluate((el) => ((el as HTMLElement).focus(), document.activeElement === el))).toBe(false);

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-results')).toHaveCount(0);
  expect(await list.evaluate((el) => (el as HTMLElement).closest('[inert]') === null)).toBe(true);
  expect(await list.evaluate((el) => ((el as HTMLElement).focus(), document.activeElement === el))).toBe(true);
  expect(await list.evaluate((el) => el.scrollTop)).toBe(1200);
  await expect(selected.getByTestId('row-number')).toHaveText(number);
});

test('under search results, keys leave the hidden queue alone and Enter opens the focused result', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');
  const number = await selected.getByTestId('row-number').innerText();
  await page.keyboard.press('/');
  await page.keyboard.type('router');
  const second = page.getByTestId('search-result').nth(1);
  await second.focus();
  const chosen = /SB-\d+/.exec(await second.innerText())![0];
  // j moved the hidden selection before; 4 would have set the priority of a ticket the agent cannot see.
  await page.keyboard.press('j');
  await page.keyboard.press('4');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-number')).toHaveText(chosen);
  await page.keyboard.press('Escape');
  await page.getByLabel('Search tickets').fill('');
  await expect(selected.getByTestId('row-number')).toHaveText(number);
});

test('c, a and t open pickers for category, assignee and team; the choice reaches the server', async ({ page, server }) => {
  await signIn(page, server.url, 'ben@demo.switchboard');
  await page.keyboard.press('g');
  await page.keyboard.press('u');
  await expect(selectedRow(page)).toBeVisible();
  const id = (await selectedRow(page).getAttribute('data-ticket-id'))!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-workspace')).toBeVisible();

  await page.keyboard.press('c');
  await page.getByRole('textbox', { name: 'Category' }).fill('bug');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-workspace')).toContainText('Bug report');
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.categoryId).toBe('bug-report');

  await page.keyboard.press('a');
  const assign = page.getByRole('dialog', { name: 'Assign to' });
  await expect(assign.getByRole('option', { name: /Ada Agent/ })).toBeVisible();
  await expect(assign.getByRole('option', { name: /Bea Agent/ })).toHaveCount(0); // not in this ticket's team
  await page.getByRole('textbox', { name: 'Assign to' }).fill('ada');
  await page.keyboard.press('Enter');
  const ada = (await (await page.request.post(`${server.url}/api/auth/login`, { data: { email: 'ada@demo.switchboard', password: 'switchboard-demo' } })).json()).user;
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.assigneeId).toBe(ada.id);

  await page.keyboard.press('t');
  await expect(page.getByRole('dialog', { name: 'Move to team' }).getByRole('option')).toHaveCount(3);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('ticket-workspace')).toBeVisible();
});

test('subject edits save; e escalates with a mandatory handover note and an optional word to the customer; the server records both', async ({ page, server }) => {
  await signIn(page, server.url, 'ada@demo.switchboard');
  await page.keyboard.press('g');
  await page.keyboard.press('m');
  const id = (await selectedRow(page).getAttribute('data-ticket-id'))!;
  const levelBefore = (await serverTicket(page, server.url, id)).escalationLevel as number;
  await page.keyboard.press('Enter');
  // The subject and description are editable in the workspace.
  await page.getByRole('button', { name: 'Edit subject and description' }).click();
  await page.getByRole('dialog', { name: 'Edit ticket' }).getByLabel('Subject').fill('Router drops connection hourly (firmware 2.1)');
  await page.getByRole('dialog', { name: 'Edit ticket' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('ticket-subject')).toHaveText('Router drops connection hourly (firmware 2.1)');
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.subject).toBe('Router drops connection hourly (firmware 2.1)');

  await page.keyboard.press('e');
  const dialog = page.getByRole('dialog', { name: 'Escalate to a supervisor' });
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog.getByRole('alert')).toContainText('handover note');

  const note = 'Firmware reflashed, no change. Told the customer a specialist calls back today.';
  await dialog.getByLabel('Handover note: what you tried, what you told the customer').fill(note);
  await dialog.getByLabel('Tell the customer (optional, sent as a reply)').fill('Your request has been passed to our senior team.');
  await dialog.getByRole('button', { name: 'Escalate' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('ticket-workspace')).toContainText(`Handover note: ${note}`);
  await expect(page.getByTestId('ticket-workspace')).toContainText('Your request has been passed to our senior team.');
  await expect.poll(async () => (await serverTicket(page, server.url, id))?.escalationLevel).toBe(Math.min(levelBefore + 1, 2));
});
