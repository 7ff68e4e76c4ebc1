import { useEffect } from 'react';
import { useAvailability } from '../presence/availability';
import type { MirrorDb } from '../sync/mirror-db';
import { hostApi } from './desktop-host';

/**
 * The tray icon (desktop) or the tab title (browser) shows the agent's open and at-risk tickets, a
 * supervisor's escalations to acknowledge, and the agent's availability (checked in the tray menu).
 */
export function useTrayFeed(db: MirrorDb, myOpen: number | undefined, atRisk: number | undefined, unacknowledgedEscalations: number | null | undefined): void {
  const availability = useAvailability(db)?.effective;
  useEffect(() => {
    if (myOpen === undefined || atRisk === undefined || unacknowledgedEscalations === undefined || availability === undefined) return;
    void hostApi().updateTrayCounts({ myOpen, atRisk, unacknowledgedEscalations, availability }).catch(() => undefined);
  }, [myOpen, atRisk, unacknowledgedEscalations, availability]);
}
