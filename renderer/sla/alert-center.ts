import { create } from 'zustand';
import type { AlertNotice } from './sla-alerts';

export interface RecordedNotice extends AlertNotice {
  readonly at: string;
  /** False when the desktop notification was held (quiet hours) or could not be shown. */
  readonly notified: boolean;
}

const KEEP = 50;

interface AlertCenterState {
  readonly notices: readonly RecordedNotice[];
  readonly unread: number;
  recorded(notice: RecordedNotice): void;
  read(): void;
}

/** The in-app list of SLA alerts: what a notification said stays findable, and held ones are not lost. */
const useStore = create<AlertCenterState>()((set) => ({
  notices: [],
  unread: 0,
  recorded: (notice) => set((s) => ({ notices: [notice, ...s.notices].slice(0, KEEP), unread: s.unread + 1 })),
  read: () => set({ unread: 0 }),
}));

export const useAlertCenter = <T>(selector: (s: AlertCenterState) => T): T => useStore(selector);
export const alertCenterActions = () => useStore.getState();
