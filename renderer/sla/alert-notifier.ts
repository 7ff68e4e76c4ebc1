import type { AlertNotice } from './sla-alerts';

/**
 * Shows a notice outside the page. The web build uses the Notification API; the desktop shell will hand
 * in its native notifications through the same shape.
 */
export interface AlertNotifier {
  /** false when the platform cannot show it (no permission, no API): the caller falls back in-app. */
  show(notice: AlertNotice, onClick: () => void): boolean;
}

export const webNotifier: AlertNotifier = {
  show(notice, onClick) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
    const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
    return true;
  },
};

/** Asks for permission once the agent chooses to (browsers ignore requests that no click started). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
}
