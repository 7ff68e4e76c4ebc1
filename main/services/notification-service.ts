import { z } from 'zod';
import { NOTIFICATION_ACTIONS, type NotificationAction, type NotificationActivation, type NotificationRequest } from '../../preload/contract';

/** The renderer's request, checked before anything reaches the OS. */
export const NotificationRequestSchema = z.strictObject({
  tag: z.string().min(1).max(200),
  title: z.string().min(1).max(200),
  body: z.string().max(1_000),
  actions: z.array(z.enum(NOTIFICATION_ACTIONS)).max(NOTIFICATION_ACTIONS.length),
});

const BUTTON_LABELS: Readonly<Record<NotificationAction, string>> = {
  open: 'Open',
  acknowledge: 'Acknowledge',
  assignToMe: 'Assign to me',
};

/** One notification on screen, as the platform layer made it (Electron's Notification). */
export interface ShownNotification {
  close(): void;
}

/** What the platform layer provides: Electron's Notification class, behind a function. */
export interface NativeNotificationCapability {
  isSupported(): boolean;
  /** Buttons appear where the OS supports them (macOS, Windows); a click on the body is always reported. */
  show(options: { title: string; body: string; buttons: readonly string[] }, events: { clicked(): void; buttonPressed(index: number): void; closed(): void }): ShownNotification;
}

/**
 * Native notifications for SLA alerts and escalations. A later notification with the same tag replaces
 * the earlier one; every shown one is held until it closes (Electron drops the handlers of a
 * notification that is garbage-collected); a click or button comes back as a tag and an action.
 */
export class NotificationService {
  private readonly shown = new Map<string, ShownNotification>();

  constructor(
    private readonly native: NativeNotificationCapability,
    private readonly onActivated: (activation: NotificationActivation) => void,
  ) {}

  show(request: NotificationRequest): boolean {
    if (!this.native.isSupported()) return false;
    this.shown.get(request.tag)?.close();
    const buttons = request.actions.filter((action) => action !== 'open');
    const notification = this.native.show(
      { title: request.title, body: request.body, buttons: buttons.map((action) => BUTTON_LABELS[action]) },
      {
        clicked: () => this.onActivated({ tag: request.tag, action: 'open' }),
        buttonPressed: (index) => {
          const action = buttons[index];
          if (action) this.onActivated({ tag: request.tag, action });
        },
        closed: () => {
          if (this.shown.get(request.tag) === notification) this.shown.delete(request.tag);
        },
      },
    );
    this.shown.set(request.tag, notification);
    return true;
  }

  /** How many are on screen (held), for tests and the tray. */
  get open(): number {
    return this.shown.size;
  }
}
