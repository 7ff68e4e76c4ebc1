import type { DesktopApi } from '../../preload/contract';
import type { AlertNotice } from './sla-alerts';

/** Shows a notice outside the page: the host's notifications (native on the desktop, Web Notifications in a browser). */
export interface AlertNotifier {
  /** false when the platform cannot show it (no permission, no support): the caller falls back in-app. */
  show(notice: AlertNotice, onClick: () => void): Promise<boolean>;
}

const notifiers = new WeakMap<DesktopApi, AlertNotifier>();

/** SLA alerts through the host (one notifier per host); a click on one runs the callback it was shown with. */
export function hostNotifier(host: DesktopApi): AlertNotifier {
  let notifier = notifiers.get(host);
  if (!notifier) {
    notifier = createNotifier(host);
    notifiers.set(host, notifier);
  }
  return notifier;
}

function createNotifier(host: DesktopApi): AlertNotifier {
  const onClick = new Map<string, () => void>();
  host.onNotificationActivated(({ tag, action }) => {
    if (action === 'open') onClick.get(tag)?.();
  });
  return {
    async show(notice, click) {
      onClick.set(notice.tag, click);
      try {
        return await host.showNotification({ tag: notice.tag, title: notice.title, body: notice.body, actions: ['open'] });
      } catch {
        return false;
      }
    },
  };
}

/** Asks for permission once the agent chooses to (browsers ignore requests that no click started). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
}
