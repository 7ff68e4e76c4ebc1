import { liveQuery } from 'dexie';
import { useEffect } from 'react';
import type { User } from '../../core/people/user';
import type { AlertNotifier } from '../sla/alert-notifier';
import { arrivalCount } from '../sync/arrivals';
import type { MirrorDb } from '../sync/mirror-db';
import { checkEscalationNews, type EscalationHandlers } from './escalation-alerts';

/**
 * Escalation news is read the moment a pull lands ticket events in the mirror (a live query on the
 * arrivals), so a supervisor hears of an escalation within the poke → pull round trip; also after a
 * reconnect or a restart, since arrivals wait in the mirror until read.
 */
export function useEscalationAlerts(db: MirrorDb, user: User, notifier: AlertNotifier, handlers: EscalationHandlers): void {
  useEffect(() => {
    let running = false;
    let again = false;
    const run = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      void checkEscalationNews(db, user, notifier, handlers)
        .catch(() => 0)
        .finally(() => {
          running = false;
          if (again) {
            again = false;
            run();
          }
        });
    };
    const subscription = liveQuery(() => arrivalCount(db)).subscribe({ next: (count) => count > 0 && run(), error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db, user, notifier, handlers]);
}
