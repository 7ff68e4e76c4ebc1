import { DateTime } from 'luxon';

/**
 * How an agent says a due time on the phone, in the team's time zone: "today by 16:00", "tomorrow by
 * 10:00", "by Tuesday 14:00" within a week, "by 3 December 14:00" after that. The zone is named when it
 * is not the agent's own, so nobody promises London time to a caller in New York by mistake.
 */
export function describePromise(dueAt: string, timeZone: string, now: Date, agentTimeZone = timeZone): string {
  const due = DateTime.fromISO(dueAt, { zone: timeZone });
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(due.startOf('day').diff(today, 'days').days);
  const time = due.toFormat('HH:mm');
  const when = days <= 0 ? `today by ${time}` : days === 1 ? `tomorrow by ${time}` : days < 7 ? `by ${due.toFormat('cccc')} ${time}` : `by ${due.toFormat('d LLLL')} ${time}`;
  const sameZone = DateTime.fromISO(dueAt, { zone: agentTimeZone }).offset === due.offset;
  return sameZone ? when : `${when} (${due.toFormat('ZZZZ')})`;
}
