import { create } from 'zustand';
import { describeIssues } from '../../core/protocol/http-schemas';
import { AlertSettingsSchema, DEFAULT_ALERT_SETTINGS, type SlaAlertSettings } from './alert-settings';

const STORAGE_KEY = 'switchboard.slaAlerts';

/** Kept in this browser profile like the keymap; a stored value that no longer validates falls back to the defaults. */
function load(): SlaAlertSettings {
  try {
    const parsed = AlertSettingsSchema.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
  } catch {
    return DEFAULT_ALERT_SETTINGS;
  }
}

interface AlertSettingsState {
  readonly settings: SlaAlertSettings;
  saved(candidate: SlaAlertSettings): { ok: true } | { ok: false; message: string };
}

const useStore = create<AlertSettingsState>()((set) => ({
  settings: load(),
  saved: (candidate) => {
    const parsed = AlertSettingsSchema.safeParse(candidate);
    if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(parsed.data));
    set({ settings: parsed.data });
    return { ok: true };
  },
}));

export const useAlertSettings = () => useStore((s) => s.settings);
export const alertSettingsActions = () => useStore.getState();
