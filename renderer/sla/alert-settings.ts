import { z } from 'zod';

/** One pre-breach or breach level: alert when a running clock has used this share of its target. */
export interface AlertLevel {
  readonly percent: number;
  readonly enabled: boolean;
}

export interface SlaAlertSettings {
  /** At risk (default 75 %), warning (90 %), breach (always 100 %). */
  readonly atRisk: AlertLevel;
  readonly warning: AlertLevel;
  readonly breach: { readonly enabled: boolean };
  /** Desktop notifications are held between these local times (they still appear in the alert list). */
  readonly quietHours: { readonly enabled: boolean; readonly from: string; readonly to: string };
}

export const DEFAULT_ALERT_SETTINGS: SlaAlertSettings = {
  atRisk: { percent: 75, enabled: true },
  warning: { percent: 90, enabled: true },
  breach: { enabled: true },
  quietHours: { enabled: false, from: '20:00', to: '07:00' },
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Give times as HH:MM, for example 07:30.');
const level = z.strictObject({ percent: z.number().int().min(1).max(99), enabled: z.boolean() });

export const AlertSettingsSchema = z
  .strictObject({
    atRisk: level,
    warning: level,
    breach: z.strictObject({ enabled: z.boolean() }),
    quietHours: z.strictObject({ enabled: z.boolean(), from: clockTime, to: clockTime }),
  })
  .refine((s) => s.atRisk.percent < s.warning.percent, { message: 'The at-risk alert must come before the warning: give it a lower percentage.' });

/** The levels that are switched on, lowest first; breach is 100 %. */
export function activeLevels(settings: SlaAlertSettings): number[] {
  return [settings.atRisk.enabled ? settings.atRisk.percent : null, settings.warning.enabled ? settings.warning.percent : null, settings.breach.enabled ? 100 : null].filter(
    (p): p is number => p !== null,
  );
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` (the agent's local time) falls in quiet hours; a span like 20:00–07:00 crosses midnight. */
export function inQuietHours(settings: SlaAlertSettings, now: Date): boolean {
  const { enabled, from, to } = settings.quietHours;
  if (!enabled || from === to) return false;
  const at = now.getHours() * 60 + now.getMinutes();
  const [start, end] = [minutes(from), minutes(to)];
  return start < end ? at >= start && at < end : at >= start || at < end;
}
