import type { DesktopApi, NotificationAction } from '../../preload/contract';
import type { AlertNotice } from './sla-alerts';

/** Shows a notice outside the page: the host's notifications (native on the desktop, Web Notifications in a browser). */
export interface AlertNotifier {
  /** false when the platform cannot show it (no permission, no support): the caller falls back in-app. */
  show(notice: AlertNotice, onClick: () => void): Promise<boolean>;
  /** The same with buttons where the OS shows them (a click on the body is `open`). */
  showWithActions(notice: AlertNotice, handlers: Partial<Record<NotificationAction, () => void>>): Promise<boolean>;
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
  const handlersByTag = new Map<string, Partial<Record<NotificationAction, () => void>>>();
  host.onNotificationActivated(({ tag, action }) => handlersByTag.get(tag)?.[action]?.());
  const showWithActions = async (notice: AlertNotice, handlers: Partial<Record<NotificationAction, () => void>>) => {
    handlersByTag.set(notice.tag, handlers);
    try {
      return await host.showNotification({ tag: notice.tag, title: notice.title, body: notice.body, actions: Object.keys(handlers) as NotificationAction[] });
    } catch {
      return false;
    }
  };
  return { show: (notice, onClick) => showWithActions(notice, { open: onClick }), showWithActions };
}

/** Asks for permission once the agent chooses to (browsers ignore requests that no click started). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
}
