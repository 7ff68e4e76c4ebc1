import { useEffect } from 'react';
import type { User } from '../../core/people/user';
import type { AlertNotifier } from '../sla/alert-notifier';
import type { MirrorDb } from '../sync/mirror-db';
import { checkEscalationAlerts, type EscalationHandlers } from './escalation-alerts';

const CHECK_EVERY_MS = 5_000;

/** Supervisors hear of escalations while the workstation is open: from the mirror, so also after a reconnect. */
export function useEscalationAlerts(db: MirrorDb, user: User, notifier: AlertNotifier, handlers: EscalationHandlers): void {
  useEffect(() => {
    if (user.role === 'agent') return;
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      void checkEscalationAlerts(db, user, notifier, handlers, new Date())
        .catch(() => 0)
        .finally(() => {
          running = false;
        });
    };
    run();
    const timer = setInterval(run, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [db, user, notifier, handlers]);
}
