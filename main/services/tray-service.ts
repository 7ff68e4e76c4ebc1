import { z } from 'zod';
import type { TrayCounts } from '../../preload/contract';

/**
 * The tray icon's tooltip and menu as plain data, from the counts the renderer reports. The platform
 * layer turns the model into an Electron Tray and Menu; actions come back by id.
 */

export type { TrayCounts };

/** The counts as the renderer reports them, checked before they reach the tray. */
const count = z.number().int().min(0).max(10_000_000);
export const TrayCountsSchema = z.strictObject({
  myOpen: count,
  atRisk: count,
  unacknowledgedEscalations: count.nullable(),
  availability: z.enum(['available', 'on_call', 'away']),
});

export type TrayActionId = 'window.open' | 'call.open' | 'availability.available' | 'availability.away' | 'app.quit';

export interface TrayMenuItem {
  readonly label: string;
  /** Absent on the informational lines, which are shown disabled. */
  readonly action?: TrayActionId;
  /** A radio choice (availability): whether it is the current one. */
  readonly checked?: boolean;
}

export interface TrayModel {
  readonly tooltip: string;
  /** Shown beside the icon where the OS supports it (the macOS menu bar): what needs attention now. */
  readonly title: string;
  readonly menu: readonly TrayMenuItem[];
}

/** What the platform layer provides: set the tooltip, title and menu on the real tray icon. */
export interface TrayCapability {
  show(model: TrayModel): void;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function trayModel(counts: TrayCounts | null): TrayModel {
  const lines = counts
    ? [
        plural(counts.myOpen, 'open ticket of mine', 'open tickets of mine'),
        plural(counts.atRisk, 'ticket at risk', 'tickets at risk'),
        ...(counts.unacknowledgedEscalations === null ? [] : [plural(counts.unacknowledgedEscalations, 'escalation to acknowledge', 'escalations to acknowledge')]),
      ]
    : ['Not signed in'];
  const urgent = counts ? counts.atRisk + (counts.unacknowledgedEscalations ?? 0) : 0;
  return {
    tooltip: ['Switchboard', ...lines].join('\n'),
    title: urgent > 0 ? String(urgent) : '',
    menu: [
      ...lines.map((label) => ({ label })),
      { label: 'Open Switchboard', action: 'window.open' },
      { label: 'Log a call', action: 'call.open' },
      // "On a call" follows the call panel; the agent picks between the other two.
      ...(counts
        ? [
            ...(counts.availability === 'on_call' ? [{ label: 'On a call' }] : []),
            { label: 'Available', action: 'availability.available' as const, checked: counts.availability === 'available' },
            { label: 'Away', action: 'availability.away' as const, checked: counts.availability === 'away' },
          ]
        : []),
      { label: 'Quit Switchboard', action: 'app.quit' },
    ],
  };
}

/** Keeps the tray in step with the counts, redrawing only when what it shows changes. */
export class TrayService {
  private shown: string | null = null;

  constructor(private readonly tray: TrayCapability) {}

  update(counts: TrayCounts | null): void {
    const model = trayModel(counts);
    const key = JSON.stringify(model);
    if (key === this.shown) return;
    this.shown = key;
    this.tray.show(model);
  }
}
