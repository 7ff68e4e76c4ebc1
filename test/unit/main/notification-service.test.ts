import { describe, expect, it } from 'vitest';
import type { NotificationActivation } from '../../../preload/contract';
import { NotificationRequestSchema, NotificationService, type NativeNotificationCapability } from '../../../main/services/notification-service';

/** Stands in for Electron's Notification (no Electron binary here): records what would be on screen. */
function fakeOs(supported = true) {
  const screen: Array<{ title: string; body: string; buttons: readonly string[]; closed: boolean; events: Parameters<NativeNotificationCapability['show']>[1] }> = [];
  const native: NativeNotificationCapability = {
    isSupported: () => supported,
    show: (options, events) => {
      const entry = { ...options, closed: false, events };
      screen.push(entry);
      return {
        close: () => {
          entry.closed = true;
          events.closed();
        },
      };
    },
  };
  return { native, screen };
}

describe('native notifications', () => {
  it('shows the buttons the OS supports and reports a click or a button as tag and action', () => {
    const { native, screen } = fakeOs();
    const activated: NotificationActivation[] = [];
    const service = new NotificationService(native, (a) => activated.push(a));
    expect(service.show({ tag: 'esc:t9', title: 'SB-1042 escalated to you', body: 'Printer offline', actions: ['open', 'acknowledge', 'assignToMe'] })).toBe(true);
    expect(screen[0]).toMatchObject({ title: 'SB-1042 escalated to you', buttons: ['Acknowledge', 'Assign to me'] });
    screen[0]!.events.buttonPressed(1);
    screen[0]!.events.clicked();
    screen[0]!.events.buttonPressed(7);
    expect(activated).toEqual([
      { tag: 'esc:t9', action: 'assignToMe' },
      { tag: 'esc:t9', action: 'open' },
    ]);
  });

  it('replaces a notification with the same tag, holds each until it closes, and says when it cannot show', () => {
    const { native, screen } = fakeOs();
    const service = new NotificationService(native, () => undefined);
    service.show({ tag: 'sla:t1', title: 'at risk', body: '', actions: ['open'] });
    service.show({ tag: 'sla:t1', title: 'breached', body: '', actions: ['open'] });
    expect(screen.map((n) => [n.title, n.closed])).toEqual([['at risk', true], ['breached', false]]);
    expect(service.open).toBe(1);
    screen[1]!.events.closed();
    expect(service.open).toBe(0);
    expect(new NotificationService(fakeOs(false).native, () => undefined).show({ tag: 'x', title: 'x', body: '', actions: [] })).toBe(false);
  });

  it('refuses malformed requests before they reach the OS', () => {
    expect(NotificationRequestSchema.safeParse({ tag: 't', title: 'ok', body: '', actions: ['open'] }).success).toBe(true);
    for (const bad of [
      { tag: '', title: 'x', body: '', actions: [] },
      { tag: 't', title: 'x'.repeat(201), body: '', actions: [] },
      { tag: 't', title: 'x', body: '', actions: ['delete'] },
      { tag: 't', title: 'x', body: '', actions: [], icon: 'file:///etc/passwd' },
    ]) {
      expect(NotificationRequestSchema.safeParse(bad).success).toBe(false);
    }
  });
});
