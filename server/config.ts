import { parseArgs } from 'node:util';
import path from 'node:path';
import { z } from 'zod';
import { PAGE_COMPRESSIONS, type PageCompression } from './http/page-compression';

/** Everything an operator can set, from flags first and environment second. Listed in the README. */
export interface ServerConfig {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly dataDir: string;
  /** Where the built renderer lives; served at `/`. */
  readonly webRoot: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Fill an empty database with the demo organisation. Off in production, where `create-admin` makes the first user. */
  readonly demo: boolean;
  /** Extra browser origins allowed to open sync sockets (the server's own and the desktop app's always are). */
  readonly allowedOrigins: readonly string[];
  /** Phone numbers typed without a country code are read in this country (ISO 3166 alpha-2). */
  readonly defaultCountry: string;
  /** How often SLA escalations are checked, besides right after each change; 0 = only when asked (tests). */
  readonly escalationIntervalSeconds?: number;
  /** When bootstrap pages are gzipped: for other machines only (default), always or never. */
  readonly compressBootstrap: PageCompression;
}

const ConfigSchema = z.strictObject({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  webRoot: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']),
  demo: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
  allowedOrigins: z
    .string()
    .transform((text) => text.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url()).max(20)),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as GB or US'),
  escalationIntervalSeconds: z.coerce.number().int().min(0).max(3600),
  compressBootstrap: z.enum(PAGE_COMPRESSIONS),
});

export const DEFAULT_PORT = 4720;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadServerConfig(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ServerConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'web-root': { type: 'string' },
      'log-level': { type: 'string' },
      'no-demo': { type: 'boolean' },
      'allowed-origins': { type: 'string' },
      'default-country': { type: 'string' },
      'escalation-interval': { type: 'string' },
      'compress-bootstrap': { type: 'string' },
    },
    strict: true,
  });
  const parsed = ConfigSchema.safeParse({
    // Loopback by default: exposing the desk to a network is a decision an operator makes on purpose.
    host: values.host ?? env.SWITCHBOARD_HOST ?? '127.0.0.1',
    port: values.port ?? env.SWITCHBOARD_PORT ?? DEFAULT_PORT,
    dataDir: path.resolve(cwd, values['data-dir'] ?? env.SWITCHBOARD_DATA_DIR ?? '.data'),
    webRoot: path.resolve(cwd, values['web-root'] ?? env.SWITCHBOARD_WEB_ROOT ?? 'dist/renderer'),
    logLevel: values['log-level'] ?? env.SWITCHBOARD_LOG_LEVEL ?? 'info',
    demo: values['no-demo'] ? '0' : (env.SWITCHBOARD_DEMO ?? '1'),
    allowedOrigins: values['allowed-origins'] ?? env.SWITCHBOARD_ALLOWED_ORIGINS ?? '',
    defaultCountry: values['default-country'] ?? env.SWITCHBOARD_DEFAULT_COUNTRY ?? 'GB',
    escalationIntervalSeconds: values['escalation-interval'] ?? env.SWITCHBOARD_ESCALATION_INTERVAL ?? 15,
    compressBootstrap: values['compress-bootstrap'] ?? env.SWITCHBOARD_COMPRESS_BOOTSTRAP ?? 'remote',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid server configuration: ${problems}`);
  }
  return parsed.data;
}
