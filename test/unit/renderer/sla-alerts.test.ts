import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import type { Priority } from '../../../core/ticket/priority';
import { alertCenterActions } from '../../../renderer/sla/alert-center';
import type { AlertNotifier } from '../../../renderer/sla/alert-notifier';
import { AlertSettingsSchema, DEFAULT_ALERT_SETTINGS, inQuietHours, type SlaAlertSettings } from '../../../renderer/sla/alert-settings';
import { GROUP_ABOVE } from '../../../renderer/sla/sla-alerts';
import { checkSlaAlerts } from '../../../renderer/sla/use-sla-alerts';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';

const ME = 'agent-me';
// The default calendar: Monday to Friday 09:00–17:00 London. Created Monday 09:00; critical first response is 1 h.
const CREATED = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(CREATED) + minutes * 60_000);

const dbs: MirrorDb[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
});

async function mirrorWith(count: number, priority: Priority = 'critical', assigneeId = ME): Promise<MirrorDb> {
  const db = openMirrorDb(`alerts-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const tickets: SyncedTicket[] = Array.from({ length: count }, (_, i) => ({
    id: newId(), number: 5000 + i, subject: `Outage ${i}`, description: '', channel: 'phone', categoryId: 'technical', impact: 'high', urgency: 'high',
    priority, status: 'open', tier: 1, escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null, teamId: null, assigneeId, customerId: null, tags: [], resolutionSummary: null,
    createdAt: CREATED, updatedAt: CREATED, firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, slaDueAt: null, slaAtRiskAt: null, version: 1,
  }));
  await db.tickets.bulkPut(tickets);
  await db.events.bulkPut(tickets.map((t) => ({ id: newId(), ticketId: t.id, kind: 'created' as const, actorId: null, at: CREATED, data: { priority, status: 'new' } })));
  return db;
}

function recordingNotifier(granted = true) {
  const shown: Array<{ title: string; ticketId: string | null; click: () => void }> = [];
  const notifier: AlertNotifier = {
    show: async (notice, onClick) => {
      if (granted) shown.push({ title: notice.title, ticketId: notice.ticketId, click: onClick });
      return granted;
    },
    showWithActions: async () => {
      throw new Error('SLA alerts carry no buttons');
    },
  };
  return { notifier, shown };
}

describe('desktop SLA alerts', () => {
  it('fire once per ticket per threshold, at 75 %, 90 % and breach, never again on later passes', async () => {
    const db = await mirrorWith(1);
    const { notifier, shown } = recordingNotifier();
    const check = (minutes: number) => checkSlaAlerts(db, ME, DEFAULT_ALERT_SETTINGS, notifier, at(minutes));
    expect(await check(30)).toBe(0);
    expect(await check(45)).toBe(1);
    expect(await check(50)).toBe(0);
    expect(await check(54)).toBe(1);
    expect(await check(60)).toBe(1);
    expect(await check(90)).toBe(0);
    expect(shown.map((s) => s.title)).toEqual([
      'SB-5000 has used 75 % of its first response time',
      'SB-5000 has used 90 % of its first response time',
      'SB-5000 breached its first response target',
    ]);
  });

  it('a ticket found past several thresholds at once (app was closed) gets one alert, for the highest', async () => {
    const db = await mirrorWith(1);
    const { notifier, shown } = recordingNotifier();
    expect(await checkSlaAlerts(db, ME, DEFAULT_ALERT_SETTINGS, notifier, at(120))).toBe(1);
    expect(await checkSlaAlerts(db, ME, DEFAULT_ALERT_SETTINGS, notifier, at(121))).toBe(0);
    expect(shown.map((s) => s.title)).toEqual(['SB-5000 breached its first response target']);
  });

  it('many at once are grouped into one notice that opens the at-risk queue; other agents’ tickets are not watched', async () => {
    const db = await mirrorWith(GROUP_ABOVE + 2);
    await db.tickets.put({ ...(await db.tickets.toCollection().first())!, id: newId(), number: 9999, assigneeId: 'someone-else' });
    const { notifier, shown } = recordingNotifier();
    expect(await checkSlaAlerts(db, ME, DEFAULT_ALERT_SETTINGS, notifier, at(46))).toBe(GROUP_ABOVE + 2);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: `${GROUP_ABOVE + 2} tickets need attention`, ticketId: null });
  });

  it('respects per-threshold toggles and custom percentages', async () => {
    const db = await mirrorWith(1);
    const { notifier, shown } = recordingNotifier();
    const settings: SlaAlertSettings = { ...DEFAULT_ALERT_SETTINGS, atRisk: { percent: 50, enabled: true }, warning: { percent: 90, enabled: false } };
    await checkSlaAlerts(db, ME, settings, notifier, at(31));
    await checkSlaAlerts(db, ME, settings, notifier, at(55));
    await checkSlaAlerts(db, ME, settings, notifier, at(61));
    expect(shown.map((s) => s.title)).toEqual(['SB-5000 has used 50 % of its first response time', 'SB-5000 breached its first response target']);
  });

  it('holds notifications in quiet hours but keeps each alert in the alert list', async () => {
    const db = await mirrorWith(1);
    const { notifier, shown } = recordingNotifier();
    const now = at(46);
    const hour = String(now.getHours()).padStart(2, '0');
    const quiet: SlaAlertSettings = { ...DEFAULT_ALERT_SETTINGS, quietHours: { enabled: true, from: `${hour}:00`, to: `${hour}:59` } };
    const before = alertCenterActions().notices.length;
    expect(await checkSlaAlerts(db, ME, quiet, notifier, now)).toBe(1);
    expect(shown).toEqual([]);
    expect(alertCenterActions().notices.length).toBe(before + 1);
    expect(alertCenterActions().notices[0]).toMatchObject({ notified: false, title: 'SB-5000 has used 75 % of its first response time' });
  });

  it('quiet hours may cross midnight; settings that make no sense are refused with a reason', () => {
    const settings: SlaAlertSettings = { ...DEFAULT_ALERT_SETTINGS, quietHours: { enabled: true, from: '20:00', to: '07:00' } };
    const local = (h: number, m = 0) => new Date(2026, 10, 25, h, m);
    expect([local(19, 59), local(20), local(23, 30), local(3), local(6, 59), local(7)].map((d) => inQuietHours(settings, d))).toEqual([false, true, true, true, true, false]);
    expect(AlertSettingsSchema.safeParse({ ...DEFAULT_ALERT_SETTINGS, atRisk: { percent: 95, enabled: true } }).success).toBe(false);
    expect(AlertSettingsSchema.safeParse({ ...DEFAULT_ALERT_SETTINGS, quietHours: { enabled: true, from: '25:00', to: '07:00' } }).success).toBe(false);
  });
});
