import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './session';

/**
 * WCAG 2.1 A and AA (accessible names, roles, contrast, focusable controls) checked by axe-core in real
 * Chromium, in the light and the dark theme, on every screen a supervisor can reach: the queue, a ticket
 * with its escalation banner, the call panel, the team board, customers, search results, the cheat sheet
 * and the command palette.
 */
async function violations(page: Page, screen: string): Promise<string[]> {
  // Colours are judged at rest: a chip caught mid-transition (grey to blue as its count arrives) is neither.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  await page.waitForTimeout(50);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${screen}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every screen meets WCAG 2.1 AA in the ${colorScheme} theme`, async ({ page, server }) => {
    // Nine screens, each checked by axe (a few seconds apiece on two shared cores): 19-29 s here, so the
    // default 30 s left no room for a busy machine. Not a speed check.
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme });
    await signIn(page, server.url, 'sam.supervisor@demo.switchboard', undefined, { queueHasRows: false });
    const found: string[] = [];
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    found.push(...(await violations(page, 'escalations queue')));

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('escalation-banner')).toBeVisible();
    found.push(...(await violations(page, 'ticket')));
    await page.keyboard.press('Escape');

    await page.keyboard.press('F2');
    await expect(page.getByTestId('call-panel')).toBeVisible();
    await page.getByLabel("Caller's number").fill('020 7946');
    found.push(...(await violations(page, 'call panel')));
    await page.getByRole('button', { name: 'Discard this call' }).click();
    // Discard clears the draft in IndexedDB before it closes the drawer; keys pressed meanwhile go to the drawer.
    await expect(page.getByTestId('call-panel')).toBeHidden();

    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await expect(page.getByTestId('board-status')).toContainText('Live');
    found.push(...(await violations(page, 'team board')));

    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await expect(page.getByTestId('customer-row').first()).toBeVisible();
    await page.getByTestId('customer-row').first().click();
    found.push(...(await violations(page, 'customers')));

    await page.keyboard.press('/');
    await page.keyboard.type('router');
    await expect(page.getByTestId('search-result').first()).toBeVisible();
    found.push(...(await violations(page, 'search results')));
    await page.keyboard.press('Escape');

    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('dialog')).toBeVisible();
    found.push(...(await violations(page, 'cheat sheet')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog')).toBeVisible();
    found.push(...(await violations(page, 'command palette')));

    expect(found).toEqual([]);
  });
}
