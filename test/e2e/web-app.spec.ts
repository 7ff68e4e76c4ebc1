import { expect, test } from './fixtures';

test('the sync server serves the workstation and the page shows it is online', async ({ page, server }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Switchboard' })).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  const health = (await (await page.request.get(`${server.url}/api/health`)).json()) as { version: string; schemaVersion: number };
  await expect(page.getByTestId('server-details')).toHaveText(
    `Connected to sync server ${health.version}, database schema v${health.schemaVersion}.`,
  );
  // A CSP violation or a crash in the bundle would show up here.
  expect(errors).toEqual([]);
});

test('the page reports offline when the server cannot be reached, instead of failing', async ({ page, server }) => {
  await page.route('**/api/health', (route) => route.abort('connectionrefused'));
  await page.goto(server.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline');
  await expect(page.getByTestId('server-details')).toContainText('cannot be reached');
});
