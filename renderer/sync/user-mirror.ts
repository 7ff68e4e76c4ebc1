import { openMirrorDb, type MirrorDb } from './mirror-db';

/** The mirror of one user: separate databases, so two people sharing a machine never see each other's data. */
export const mirrorName = (userId: string) => `switchboard-mirror-${userId}`;

const opened = new Map<string, MirrorDb>();

/**
 * One Dexie instance per user's mirror for the page: the queue's first read, started before the
 * workstation renders (queue-read.ts), and the sync engine use the same one. A closed instance opens
 * again on its next use.
 */
export function userMirror(userId: string): MirrorDb {
  let db = opened.get(userId);
  if (!db) {
    db = openMirrorDb(mirrorName(userId));
    opened.set(userId, db);
  }
  return db;
}
