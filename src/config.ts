/**
 * The configuration, parsed once from the environment: the schema (config/schema.ts), the platform
 * settings derived from it (config/discord.ts, config/slack.ts), and the errors that name a bad
 * variable and its fix (config/errors.ts), composed here.
 */
import { config as loadDotenv } from 'dotenv';
import { type DiscordConfig, discordConfig } from './config/discord.ts';
import { ConfigError, HOW_TO_FIX, issuesError } from './config/errors.ts';
import { type ParsedEnv, Schema } from './config/schema.ts';
import { SLACK_DEFAULT_HTTP_PORT, type SlackConfig, slackConfig } from './config/slack.ts';

/**
 * Every platform the bot can run on, by the id it is known by everywhere (storage rows, metrics
 * labels, button scopes, the adapter registry in src/adapters/registry.ts). One list: no SQL
 * constraint or type elsewhere names them. A new platform adds its id here, and its settings in
 * src/config/ (its variables in schema.ts, its mode in a file beside discord.ts and slack.ts).
 */
export const PLATFORM_IDS = ['discord', 'slack', 'console'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export type Config = ParsedEnv & {
  snapshotDir: string | null;
  /** Where word meaning is prepared and loaded from; null when SEMANTICS_DIR=off. */
  semanticsDir: string | null;
  /** How this process talks to Discord, or null when Discord is not configured. */
  discord: DiscordConfig | null;
  /** Slack's credentials and mode, or null when Slack is not configured. */
  slack: SlackConfig | null;
  /** HTTP_PORT was empty and Slack's HTTP mode made it SLACK_DEFAULT_HTTP_PORT (worth a log line). */
  httpPortDefaulted: boolean;
};

/** Every variable the configuration reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(Schema.shape);

/**
 * Variables libraries read from the environment by themselves: discord.js's Client reads SHARDS
 * (with JSON.parse), SHARD_COUNT and DISCORD_TOKEN; its ShardingManager sets SHARDING_MANAGER and
 * SHARDING_MANAGER_MODE in the processes it spawns.
 */
const LIBRARY_KEYS = ['SHARDS', 'SHARD_COUNT', 'DISCORD_TOKEN', 'SHARDING_MANAGER_MODE'];

/**
 * An empty or blank value means unset, everywhere: `.env.example` ships most lines empty
 * (`SHARDS=`) and every line copied as it is must start the bot. The variable is removed from
 * `env` itself (process.env at start), not only skipped here, because discord.js reads some of
 * them on its own: `JSON.parse('')` of an empty SHARDS stopped the bot.
 */
function unsetBlanks(env: NodeJS.ProcessEnv): void {
  for (const key of new Set([...CONFIG_KEYS, ...LIBRARY_KEYS])) {
    const value = env[key];
    if (value !== undefined && value.trim() === '') delete env[key];
  }
}

/**
 * Parses the environment once (after loading .env if present). A bad value throws ConfigError
 * naming the variable and how to fix it; main turns that into a message and a non-zero exit.
 * Empty values are unset first, in `env` itself (see unsetBlanks).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  opts: { dotenv?: boolean } = {},
): Config {
  if (opts.dotenv !== false) loadDotenv({ quiet: true });
  unsetBlanks(env);
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw issuesError(parsed.error);
  const data = parsed.data;
  const slack = slackConfig(data);
  const httpPortDefaulted = slack?.mode === 'http' && data.HTTP_PORT === undefined;
  const httpPort = httpPortDefaulted ? SLACK_DEFAULT_HTTP_PORT : data.HTTP_PORT;
  const discord = discordConfig(data, httpPort);
  return {
    ...data,
    // A shard process serves no HTTP: its siblings would all bind the same port.
    HTTP_PORT: discord?.sharding?.role === 'shard' ? undefined : httpPort,
    snapshotDir: data.SNAPSHOT_DIR === 'off' ? null : data.SNAPSHOT_DIR,
    semanticsDir: data.SEMANTICS_DIR === 'off' ? null : data.SEMANTICS_DIR,
    slack,
    httpPortDefaulted,
    discord,
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
