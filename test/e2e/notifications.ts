import type { BrowserContext, Page } from '@playwright/test';

declare global {
  interface Window {
    shownNotifications: Notification[];
  }
}

/**
 * Records every Notification the page creates, so a test can see and click them as the OS would.
 * Grants the permission for `origin` first; must run before the page loads.
 */
export async function recordNotifications(context: BrowserContext, page: Page, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await page.addInitScript(() => {
    window.shownNotifications = [];
    const Native = window.Notification;
    class Recorded extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.shownNotifications.push(this);
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
}

/** "title | body" of every notification shown so far. */
export const shownNotifications = (page: Page) => page.evaluate(() => window.shownNotifications.map((n) => `${n.title} | ${n.body}`));

/** Clicks the first notification whose title starts with `start`, as the agent would. */
export const clickNotification = (page: Page, start: string) =>
  page.evaluate((s) => window.shownNotifications.find((n) => n.title.startsWith(s))!.dispatchEvent(new Event('click')), start);
