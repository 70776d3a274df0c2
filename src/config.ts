import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/** Where each variable is documented for the person who has to fix it. */
const HOW_TO_FIX: Record<string, string> = {
  DISCORD_TOKEN:
    'copy the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token',
  DISCORD_CLIENT_ID:
    'copy the Application ID from https://discord.com/developers/applications → your app → General Information',
  DISCORD_GUILD_ID:
    'enable Developer Mode in Discord, right-click your server → Copy Server ID (or leave it empty to deploy globally)',
  DISCORD_API_URL:
    'a full URL such as http://127.0.0.1:8080/api, or leave it empty for Discord itself',
  CORPUS_DIR: 'a directory of .md/.txt documents (default corpus)',
  SNAPSHOT_DIR: 'a writable directory for index snapshots (default .cache/index), or "off"',
  SEMANTICS_DIR:
    'a writable directory for the prepared word vectors and WordNet (default .cache/semantics), or "off" for word forms only',
  DATABASE_PATH: 'a writable file path for the SQLite database (default data/dossier.db)',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  DAILY_ENABLED: 'true or false',
  LOG_QUESTIONS:
    'true to include question text in the interaction log lines, or false (the default)',
  CORPUS_WATCH:
    'true (reload when corpus files change), poll (the same, for network or container mounts), or false',
  HTTP_PORT:
    'a port number (1-65535) for the health, metrics and platform endpoints, or leave it empty for no HTTP server',
};

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const Schema = z.object({
  DISCORD_TOKEN: optional,
  DISCORD_CLIENT_ID: optional.pipe(
    z
      .string()
      .regex(/^\d{15,22}$/u, 'must be a numeric Discord id')
      .optional(),
  ),
  DISCORD_GUILD_ID: optional.pipe(
    z
      .string()
      .regex(/^\d{15,22}$/u, 'must be a numeric Discord id')
      .optional(),
  ),
  DISCORD_API_URL: optional.pipe(z.url().optional()),
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  SNAPSHOT_DIR: z.string().trim().min(1).default('.cache/index'),
  SEMANTICS_DIR: z.string().trim().min(1).default('.cache/semantics'),
  DATABASE_PATH: z.string().trim().min(1).default('data/dossier.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DAILY_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_QUESTIONS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  CORPUS_WATCH: z.enum(['true', 'false', 'poll']).default('true'),
  HTTP_PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/u, 'must be a port number')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number')
      .optional(),
  ),
});

export type Config = z.infer<typeof Schema> & {
  snapshotDir: string | null;
  /** Where word meaning is prepared and loaded from; null when SEMANTICS_DIR=off. */
  semanticsDir: string | null;
};

export class ConfigError extends Error {}

/**
 * Parses the environment once (after loading .env if present). A bad value throws ConfigError
 * naming the variable and how to fix it; main turns that into a message and a non-zero exit.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  opts: { dotenv?: boolean } = {},
): Config {
  if (opts.dotenv !== false) loadDotenv({ quiet: true });
  const parsed = Schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return `${name}: ${issue.message}. Fix: ${HOW_TO_FIX[name] ?? 'see .env.example'}`;
    });
    throw new ConfigError(`configuration: ${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    snapshotDir: parsed.data.SNAPSHOT_DIR === 'off' ? null : parsed.data.SNAPSHOT_DIR,
    semanticsDir: parsed.data.SEMANTICS_DIR === 'off' ? null : parsed.data.SEMANTICS_DIR,
  };
}

/** Demands a variable a particular mode needs (e.g. deploy-commands needs DISCORD_CLIENT_ID). */
export function requireValue<K extends keyof Config>(
  config: Config,
  key: K,
): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null) {
    throw new ConfigError(
      `configuration: ${String(key)} is not set. Fix: ${HOW_TO_FIX[String(key)] ?? 'see .env.example'}`,
    );
  }
  return value as NonNullable<Config[K]>;
}
