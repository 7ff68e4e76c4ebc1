import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

/** The page's background as painted: CssBaseline gives the body the scheme's default background. */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(18, 18, 18)';

test('the theme button turns the workstation dark at once, a reload is dark from its first frame, and system follows the OS', async ({ page, server }) => {
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

  // Dark from the first frame the workstation paints anything in, not light first and dark a render later.
  await page.addInitScript(() => {
    const seen = () => {
      if (document.getElementById('root')?.firstElementChild) (window as unknown as { firstFrameBackground: string }).firstFrameBackground = getComputedStyle(document.body).backgroundColor;
      else requestAnimationFrame(seen);
    };
    requestAnimationFrame(seen);
  });
  await page.reload();
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { firstFrameBackground?: string }).firstFrameBackground)).toBe(DARK);
  await expect(button).toHaveText('Theme: dark');

  await button.click();
  await expect(button).toHaveText('Theme: system');
  await expect.poll(() => background(page)).toBe(LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background(page)).toBe(DARK);
});
