import { describe, expect, it } from 'vitest';
import type { DesktopApi, NotificationActivation, NotificationRequest } from '../../../preload/contract';
import { hostNotifier } from '../../../renderer/sla/alert-notifier';

/** A host whose notifications the test sees and clicks, as the desktop shell would report them. */
function fakeHost(showResult: boolean | Error = true) {
  const shown: NotificationRequest[] = [];
  let activate: (activation: NotificationActivation) => void = () => undefined;
  const host: DesktopApi = {
    host: 'desktop',
    getAppInfo: async () => ({ version: '1.0.0', platform: 'linux', defaultServerUrl: null }),
    onTicketLinkOpened: () => () => undefined,
    keepSession: async () => ({ persisted: true }),
    restoreSession: async () => null,
    forgetSession: async () => undefined,
    updateTrayCounts: async () => undefined,
    onShellAction: () => () => undefined,
    onUpdateReady: () => () => undefined,
    installUpdate: async () => false,
    globalShortcuts: async () => ({ bindings: { 'call.open': null, 'search.focus': null }, outcomes: [] }),
    setGlobalShortcuts: async () => [],
    startsAtLogin: async () => false,
    setStartsAtLogin: async () => false,
    showNotification: async (request) => {
      if (showResult instanceof Error) throw showResult;
      shown.push(request);
      return showResult;
    },
    onNotificationActivated: (listener) => {
      activate = listener;
      return () => undefined;
    },
  };
  return { host, shown, activate: (a: NotificationActivation) => activate(a) };
}

const notice = (tag: string) => ({ title: 'SB-1042 at risk', body: 'Printer offline', ticketId: 't1', tag });

describe('SLA alerts through the host’s notifications', () => {
  it('shows each alert by tag and runs its click when the host reports that notification opened', async () => {
    const { host, shown, activate } = fakeHost();
    const clicks: string[] = [];
    const notifier = hostNotifier(host);
    expect(await notifier.show(notice('sla:t1:75'), () => clicks.push('t1'))).toBe(true);
    expect(await notifier.show(notice('sla:t2:90'), () => clicks.push('t2'))).toBe(true);
    expect(shown.map((n) => [n.tag, n.actions])).toEqual([['sla:t1:75', ['open']], ['sla:t2:90', ['open']]]);
    activate({ tag: 'sla:t2:90', action: 'open' });
    activate({ tag: 'sla:t1:75', action: 'acknowledge' });
    activate({ tag: 'unknown', action: 'open' });
    expect(clicks).toEqual(['t2']);
    expect(hostNotifier(host)).toBe(notifier); // one subscription per host
  });

  it('reports false when the host cannot show it, so the alert appears in the window instead', async () => {
    expect(await hostNotifier(fakeHost(false).host).show(notice('a'), () => undefined)).toBe(false);
    expect(await hostNotifier(fakeHost(new Error('IPC refused')).host).show(notice('b'), () => undefined)).toBe(false);
  });
});
