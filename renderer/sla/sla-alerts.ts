import type { SlaReport } from '../../core/sla/sla-engine';
import { formatTicketNumber } from '../../core/ticket/ticket';
import { activeLevels, type SlaAlertSettings } from './alert-settings';

export interface WatchedTicket {
  readonly id: string;
  readonly number: number | null;
  readonly subject: string;
  readonly report: SlaReport;
}

export interface SlaAlert {
  readonly ticketId: string;
  readonly number: number | null;
  readonly subject: string;
  /** The level crossed: 100 = breached. */
  readonly level: number;
  readonly metric: 'first response' | 'resolution';
  /** Remember as sent: one alert per ticket per level, ever. */
  readonly key: string;
  /** Lower levels crossed at the same time, marked sent without their own alert. */
  readonly alsoCovers: readonly string[];
}

export const alertKey = (ticketId: string, level: number) => `${ticketId}@${level}`;

/**
 * The alerts due now: for each ticket, the highest enabled level a running clock has reached that was not
 * alerted before. A ticket that jumps past several levels at once (the agent was offline, or the app
 * was closed) gets one alert for the highest, not three.
 */
export function dueAlerts(tickets: readonly WatchedTicket[], settings: SlaAlertSettings, sent: ReadonlySet<string>): SlaAlert[] {
  const levels = activeLevels(settings);
  const alerts: SlaAlert[] = [];
  for (const ticket of tickets) {
    const clocks = [ticket.report.firstResponse, ticket.report.resolution].filter((c) => c.phase === 'running');
    if (clocks.length === 0) continue;
    const worst = clocks.reduce((a, b) => (b.percentUsed > a.percentUsed ? b : a));
    const reached = levels.filter((level) => worst.percentUsed >= level);
    const highest = reached.at(-1);
    if (highest === undefined || sent.has(alertKey(ticket.id, highest))) continue;
    alerts.push({
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      level: highest,
      metric: worst.metric === 'first_response' ? 'first response' : 'resolution',
      key: alertKey(ticket.id, highest),
      alsoCovers: reached.slice(0, -1).map((level) => alertKey(ticket.id, level)),
    });
  }
  return alerts.sort((a, b) => b.level - a.level);
}

export interface AlertNotice {
  readonly title: string;
  readonly body: string;
  /** The ticket a click opens; null for a group, whose click opens the at-risk queue. */
  readonly ticketId: string | null;
  /** Replaces an earlier notice with the same tag instead of stacking. */
  readonly tag: string;
}

/** Above this many at once, one grouped notice instead of a stack. */
export const GROUP_ABOVE = 3;

const describe = (alert: SlaAlert) =>
  alert.level >= 100 ? `breached its ${alert.metric} target` : `has used ${alert.level} % of its ${alert.metric} time`;

/** What the agent sees: one notice per alert, or a single grouped one when many fire together. */
export function noticesFor(alerts: readonly SlaAlert[]): AlertNotice[] {
  if (alerts.length > GROUP_ABOVE) {
    const breached = alerts.filter((a) => a.level >= 100).length;
    const numbers = alerts.slice(0, 5).map((a) => formatTicketNumber(a.number));
    return [
      {
        title: `${alerts.length} tickets need attention`,
        body: `${breached > 0 ? `${breached} breached. ` : ''}${numbers.join(', ')}${alerts.length > 5 ? ', …' : ''}`,
        ticketId: null,
        tag: 'sla-group',
      },
    ];
  }
  return alerts.map((a) => ({ title: `${formatTicketNumber(a.number)} ${describe(a)}`, body: a.subject, ticketId: a.ticketId, tag: `sla-${a.key}` }));
}
