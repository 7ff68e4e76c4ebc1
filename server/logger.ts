import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Redaction is a safety net, not the rule: handlers log ids and counts, never
 * customer names, phone numbers, emails, message bodies or tokens.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'switchboard-server' },
    redact: {
      paths: ['token', 'password', 'authorization', '*.token', '*.password', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  },
    destination,
  );
}
