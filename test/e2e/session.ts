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

/** How many of the agent's changes the status chip says are waiting to be sent. */
export async function changesWaiting(page: Page): Promise<number> {
  return Number(/(\d+) changes? waiting/.exec(await page.getByTestId('connection-state').innerText())?.[1] ?? 0);
}

/**
 * Exactly one priority change on the selected row from the keyboard: "2" (high), or "3" (medium) if the
 * ticket already was high; returns once the status chip counts it as waiting.
 */
export async function changeSelectedPriority(page: Page): Promise<void> {
  const before = await changesWaiting(page);
  await page.keyboard.press('2');
  try {
    await expect.poll(() => changesWaiting(page), { timeout: 1_500 }).toBe(before + 1);
  } catch {
    await page.keyboard.press('3');
    await expect.poll(() => changesWaiting(page)).toBe(before + 1);
  }
}
