import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

/** The page's background as painted: CssBaseline gives the body the scheme's default background. */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(18, 18, 18)';

test('the theme button turns the workstation dark at once, a reload is dark from its first render, and system follows the OS', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page, server.url, 'ada@demo.switchboard');
  const button = page.getByTestId('theme-mode');
  await expect(button).toHaveText('Theme: system');
  expect(await background(page)).toBe(LIGHT);

  await button.click();
  await expect(button).toHaveText('Theme: light');
  await button.click();
  await expect(button).toHaveText('Theme: dark');
  await expect.poll(() => background(page)).toBe(DARK);

  // Dark from the moment React first puts anything on the page, not light first and dark a render later:
  // every background the body has from then until the queue shows is recorded.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { backgroundsSeen: string[] }).backgroundsSeen = seen;
    const record = () => {
      const now = getComputedStyle(document.body).backgroundColor;
      if (seen.at(-1) !== now) seen.push(now);
    };
    document.addEventListener('DOMContentLoaded', () => {
      const root = document.getElementById('root')!;
      new MutationObserver(() => {
        if (root.firstElementChild) record();
      }).observe(root, { childList: true, subtree: true, attributes: true });
    });
  });
  await page.reload();
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { backgroundsSeen: string[] }).backgroundsSeen)).toEqual([DARK]);
  // The browser's own controls and scrollbars follow the chosen scheme too, on a light system.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
  await expect(button).toHaveText('Theme: dark');

  await button.click();
  await expect(button).toHaveText('Theme: system');
  await expect.poll(() => background(page)).toBe(LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background(page)).toBe(DARK);
});
