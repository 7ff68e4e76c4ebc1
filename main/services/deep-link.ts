import { parseTicketNumber } from '../../core/ticket/ticket';

/** The URL scheme the app registers with the OS: `switchboard://ticket/1042`. */
export const DEEP_LINK_SCHEME = 'switchboard';

export type DeepLink = { readonly kind: 'ticket'; readonly number: number };

/** Longer than any link the app hands out: anything longer is not ours. */
const MAX_LINK_LENGTH = 200;

/**
 * A link the OS handed to the app (from a browser, an email, another program): only
 * `switchboard://ticket/<number>` (the number as read out: "1042", "SB-1042") is understood; anything
 * else, including extra path segments, queries, credentials or fragments, is refused (null), since the
 * link comes from outside and must not steer the app anywhere else.
 */
export function parseDeepLink(candidate: string): DeepLink | null {
  if (candidate.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port || url.search || url.hash) return null;
  if (url.hostname.toLowerCase() !== 'ticket') return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length !== 1) return null;
  const number = parseTicketNumber(decodeURIComponent(segments[0]!));
  return number === null ? null : { kind: 'ticket', number };
}

/**
 * On Windows and Linux a link opened while the app runs starts a second instance with the link among
 * its arguments; the first instance receives that argv and looks for the link here.
 */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
