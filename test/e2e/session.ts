import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Signs in through the real form and waits until the workstation is online with its queue on screen. */
export async function signIn(page: Page, url: string, email: string, password = 'switchboard-demo', options: { queueHasRows?: boolean } = {}): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  if (options.queueHasRows ?? true) await expect(page.getByTestId('queue-row').first()).toBeVisible();
}
