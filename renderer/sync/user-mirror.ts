import { releaseQueueIndex } from '../queues/queue-index';
import { openMirrorDb, type MirrorDb } from './mirror-db';

/** The mirror of one user: separate databases, so two people sharing a machine never see each other's data. */
export const mirrorName = (userId: string) => `switchboard-mirror-${userId}`;

const opened = new Map<string, MirrorDb>();

/**
 * One Dexie instance per user's mirror while their workstation is open: the queue's first read, started
 * before the workstation renders (queue-read.ts), and the sync engine use the same one.
 */
export function userMirror(userId: string): MirrorDb {
  let db = opened.get(userId);
  if (!db) {
    db = openMirrorDb(mirrorName(userId));
    opened.set(userId, db);
  }
  return db;
}

/**
 * The workstation closed (a sign-out, another user): the instance is closed and forgotten, with the
 * search index held for it, and its queue index lets go of it (no timer of it opens the mirror again),
 * so nothing of this user's stays in the page. Closed so that it opens again if the same workstation is
 * mounted again (React does that in development).
 */
export function releaseUserMirror(userId: string, db: MirrorDb): void {
  releaseQueueIndex(db);
  db.close({ disableAutoOpen: false });
  if (opened.get(userId) === db) opened.delete(userId);
}
