import type { Role } from '../../core/people/user';
import { forgetKeptSession } from '../session/kept-session';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import { useEffect, useMemo } from 'react';
import { DEFAULT_PRIORITY_MATRIX } from '../../core/ticket/priority';
import { DEFAULT_LIFECYCLE_POLICY } from '../../core/ticket/status';
import { sessionActions, type Session } from '../session/session-store';
import { forgetEarlyQueueRead } from '../queues/queue-read';
import { releaseUserMirror, userMirror } from './user-mirror';
import { LiveChannel } from './live-channel';
import { SyncConnection } from './sync-connection';
import { untilFirstScreenShown } from './first-screen';
import { SyncEngine } from './sync-engine';

/** How long a first sign-in's bootstrap waits at most for the queue to show its first page (first-screen.ts). */
const FIRST_SCREEN_WAIT_MS = 500;

function createEngine(userId: string, role: Role): SyncEngine {
  return new SyncEngine(
    userMirror(userId),
    () => ({
      userId,
      role,
      now: new Date(),
      rules: { priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: FALLBACK_COUNTRY },
    }),
    () => untilFirstScreenShown(FIRST_SCREEN_WAIT_MS),
  );
}

/** Opens the signed-in user's mirror and keeps it in sync while the workstation is mounted; `live` carries presence and the team board. */
export function useWorkstationSync(session: Session, baseUrl: string): { engine: SyncEngine; live: LiveChannel } {
  const userId = session.user.id;
  const role = session.user.role;
  const engine = useMemo(() => createEngine(userId, role), [userId, role]);
  const live = useMemo(() => new LiveChannel(), []);
  useEffect(() => {
    const connection = new SyncConnection(engine, { baseUrl, token: session.token }, {
      onState: (state) => sessionActions().connectionChanged(state),
      onSessionEnded: () => {
        void forgetKeptSession(); // the server no longer accepts it
        sessionActions().signedOut('Your session ended; sign in again. Unsent changes are kept on this computer.');
      },
      onError: (error) => sessionActions().syncFailed(error.message),
    }, live);
    connection.start();
    return () => connection.stop();
  }, [engine, live, session.token, baseUrl]);
  // Closed when the user changes or signs out; reopened on use (React may mount twice in development).
  useEffect(
    () => () => {
      engine.stop();
      forgetEarlyQueueRead();
      releaseUserMirror(userId, engine.db);
    },
    [engine, userId],
  );
  return { engine, live };
}
