/** The desktop app's secure scheme (main/services/app-protocol.ts): always allowed. */
export const DESKTOP_ORIGIN = 'app://switchboard';

/**
 * Browser origins that may call the API and open sync sockets: the server's own (the web app), the
 * desktop app's, and those the operator configured. Everything else is another site and refused.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, configured: readonly string[]): boolean {
  if (origin === DESKTOP_ORIGIN || configured.includes(origin)) return true;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
