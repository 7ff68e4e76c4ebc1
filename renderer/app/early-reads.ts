import { queueClock, startEarlyQueueRead } from '../queues/queue-read';
import type { Session } from '../session/session-store';
import { userMirror } from '../sync/user-mirror';
import { uiActions } from '../workstation/ui-store';

/**
 * A page that starts signed in (a reload, a kept desktop sign-in) reads the queue it will show before
 * React renders the workstation, so IndexedDB answers while the page renders (queue-read.ts). Only a
 * reload's first render is a transition that yields to those answers (main.tsx); the desktop's kept
 * session is restored after the first render, and the workstation then renders in one go.
 */
export function startEarlyReads(session: Session | null): void {
  if (!session) return;
  const { queueId, sort, filters } = uiActions();
  startEarlyQueueRead(userMirror(session.user.id), session.user, { queueId, sort, filters, now: queueClock(queueId, new Date().toISOString()) });
}
