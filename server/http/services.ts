import type { LoginThrottle } from '../auth/login-throttle';
import type { SessionStore } from '../auth/session-store';
import type { Logger } from '../logger';
import type { PageCompression } from './page-compression';
import type { TicketsRepository } from '../repositories/tickets-repository';
import type { UsersRepository } from '../repositories/users-repository';
import type { SqliteDatabase } from '../storage/database';
import type { Db } from '../storage/query-builder';

/** What the HTTP routes need, handed in so tests can build the app around a temporary database. */
export interface HttpServices {
  readonly sqlite: SqliteDatabase;
  readonly db: Db;
  readonly users: UsersRepository;
  readonly sessions: SessionStore;
  readonly tickets: TicketsRepository;
  readonly loginThrottle: LoginThrottle;
  readonly logger: Logger;
  readonly version: string;
  readonly webRoot: string;
  /** Numbers typed without a country code are read in this country (ISO 3166 code). */
  readonly defaultCountry: string;
  /** Extra browser origins allowed to call the API (the server's own and the desktop app's always are). */
  readonly allowedOrigins: readonly string[];
  /** When bootstrap pages are gzipped (page-compression.ts). */
  readonly pageCompression: PageCompression;
  /** Called after a token is revoked, so its open sockets end too. */
  readonly onLogout?: (token: string) => void;
}
