import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  type Stats,
  statSync,
  unlinkSync,
} from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
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
  CORPUS_DIR: 'a folder of .md, .txt or .html documents (default corpus)',
  MAX_DOCUMENT_MB: 'a size in megabytes, such as 8 (the default) or 20',
  SNAPSHOT_DIR: 'a writable directory for index snapshots (default .cache/index), or "off"',
  SEMANTICS_DIR:
    'a writable directory for the prepared word vectors and WordNet (default .cache/semantics), or "off" for word forms only',
  DATABASE_PATH: 'a writable file path for the SQLite database (default data/dossier.db)',
  DATABASE_URL:
    'postgres://USER:PASSWORD@HOST:5432/DATABASE for a PostgreSQL server that every instance shares (check host, port, user, password and that the server runs: psql "$DATABASE_URL" -c "select 1"), or leave it empty for the SQLite file at DATABASE_PATH',
  DATABASE_POOL_SIZE: 'a whole number of connections per instance, 1 to 100 (default 10)',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  DAILY_ENABLED: 'true or false',
  LOG_QUESTIONS:
    'true to include question text in the interaction log lines, or false (the default)',
  CORPUS_WATCH:
    'true (reload when corpus files change), poll (the same, for network or container mounts), or false',
  CORPUS_FOLLOW_OUTSIDE:
    'false (the default: symbolic links that lead outside CORPUS_DIR are reported and not read) or true (follow them)',
  HTTP_PORT:
    'a port number (1-65535) for the health, metrics and platform endpoints, or leave it empty for no HTTP server',
  HTTP_HOST:
    'an address of this machine to listen on, such as 127.0.0.1 (this machine only) or 10.0.0.5, or leave it empty for every interface',
  METRICS_TOKEN:
    'a random secret of 16 or more characters without spaces (e.g. openssl rand -hex 24); scrapers send it as Authorization: Bearer <token>',
  SLACK_BOT_TOKEN:
    'copy the Bot User OAuth Token (xoxb-…) from https://api.slack.com/apps → your app → OAuth & Permissions, and set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) with it',
  SLACK_SIGNING_SECRET:
    'copy the Signing Secret from https://api.slack.com/apps → your app → Basic Information → App Credentials (HTTP mode; needs SLACK_BOT_TOKEN too)',
  SLACK_APP_TOKEN:
    'create an app-level token (xapp-…) with connections:write under https://api.slack.com/apps → your app → Basic Information → App-Level Tokens (Socket Mode; needs SLACK_BOT_TOKEN too)',
  SLACK_API_URL:
    'a full URL such as http://127.0.0.1:8080/api/, or leave it empty for Slack itself',
  DISCORD_PUBLIC_KEY:
    'copy the Public Key (64 hexadecimal characters) from https://discord.com/developers/applications → your app → General Information',
  DISCORD_MODE:
    'gateway (a WebSocket connection), http (Discord calls /discord/interactions on HTTP_PORT) or both; leave it empty to choose from the keys that are set',
  SHARDS:
    'auto (the count Discord recommends) or a number of gateway shards such as 2; leave it empty for one process',
  DISCORD_MENTIONS:
    'true (the default: answer messages that @mention the bot, in any channel it can read and write) or false',
  DISCORD_DMS: 'true (answer direct messages to the bot) or false (the default)',
  DISCORD_MESSAGE_CONTENT:
    'true to ask for the privileged Message Content intent (needed by /autoanswer questions and forum modes; turn it on too under https://discord.com/developers/applications → your app → Bot → Privileged Gateway Intents), or false (the default)',
  THREAD_REPLIES:
    'mention (the default: in a thread, answer only messages that mention the bot) or all (also every reply in a thread the bot started)',
  CONVERSATION_TURNS:
    'a whole number of turns, 1 to 50, a thread remembers for its follow-ups (default 6)',
  CONVERSATION_TTL_HOURS:
    "a number of hours, more than 0 and at most 720, after which a thread's turns are forgotten (default 24)",
  ANSWER_THRESHOLD:
    "a probability from 0 to 1: the least the answer-or-decline model must give the best passage for an answer (leave it empty for the fitted model's own, src/models/decision.json; lower answers more and errs more)",
  SHORT_ANSWER_THRESHOLD:
    'a probability from 0 to 1: the least the chance that the corpus answers times the chance that the phrase is right must be for a short answer in bold (leave it empty for 0.2, SHORT_ANSWER_MIN; higher shows fewer and errs less, 1 shows none)',
  PUBLIC_URL:
    'the public https:// address that reaches HTTP_PORT, such as https://bot.example.org (deploy-commands prints the Interactions Endpoint URL from it)',
};

/**
 * Every platform the bot can run on, by the id it is known by everywhere (storage rows, metrics
 * labels, button scopes, the adapter registry in src/adapters/registry.ts). One list: no SQL
 * constraint or type elsewhere names them. A new platform adds its id here beside its settings.
 */
export const PLATFORM_IDS = ['discord', 'slack', 'console'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

/** The port Slack's HTTP mode listens on when HTTP_PORT is empty (the port Bolt's own examples use). */
export const SLACK_DEFAULT_HTTP_PORT = 3000;

/** How the bot connects to Slack: HTTP requests to /slack/events, or a Socket Mode connection. */
export type SlackConfig =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string | undefined }
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl: string | undefined };

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Why a token cannot be one Discord issued (they are one line of printable ASCII), or null. */
function tokenProblem(token: string): string | null {
  if (/[\r\n]/u.test(token)) return 'contains a line break';
  if (token.includes(' ')) return 'contains a space';
  if (token.includes('\t')) return 'contains a tab';
  for (const ch of token) {
    const code = ch.codePointAt(0) ?? 0;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code > 0x7e) return `contains a non-ASCII character (${hex})`;
    if (code < 0x21) return `contains a control character (${hex})`;
  }
  return null;
}

/** True for a URL node-postgres can take (postgres:// or postgresql://). */
function isPostgresUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

const Schema = z.object({
  // a token pasted with a line break or a stray character would only fail later, as an HTTP error
  DISCORD_TOKEN: optional.pipe(
    z
      .string()
      .superRefine((token, ctx) => {
        const problem = tokenProblem(token);
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: `${problem}; a token is one line of ASCII letters, digits and punctuation`,
          });
      })
      .optional(),
  ),
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
  // The value is never echoed in a message: it carries the password.
  DATABASE_URL: optional.pipe(
    z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  MAX_DOCUMENT_MB: z.coerce.number().positive().max(1024).default(8),
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
  CORPUS_FOLLOW_OUTSIDE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  HTTP_PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/u, 'must be a port number')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number')
      .optional(),
  ),
  // Unset: every interface (Node's default). An address or a host name, nothing else.
  HTTP_HOST: optional.pipe(
    z
      .string()
      .refine(
        (h) => isIP(h) !== 0 || /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/u.test(h),
        'must be an IP address or a host name',
      )
      .optional(),
  ),
  // Closes /metrics (and the detail of /healthz) to requests without it.
  METRICS_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^\S{16,}$/u, 'must be at least 16 characters, without spaces')
      .optional(),
  ),
  SLACK_BOT_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^xoxb-\S+$/u, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optional.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16,128}$/iu, 'must be the hexadecimal signing secret')
      .optional(),
  ),
  SLACK_APP_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^xapp-\S+$/u, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  // The Web API's base ends with a slash (method names are appended to it).
  SLACK_API_URL: optional.pipe(
    z
      .url()
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  DISCORD_PUBLIC_KEY: optional.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{64}$/iu, 'must be 64 hexadecimal characters')
      .transform((k) => k.toLowerCase())
      .optional(),
  ),
  DISCORD_MODE: optional.pipe(z.enum(['gateway', 'http', 'both']).optional()),
  // In a shard process discord.js sets SHARDS to that shard's id: read it only where it is ours.
  SHARDS: optional,
  PUBLIC_URL: optional.pipe(
    z
      .url({ protocol: /^https?$/u, error: 'must be an https:// address' })
      .transform((u) => u.replace(/\/+$/u, ''))
      .optional(),
  ),
  // Set by discord.js's ShardingManager in the processes it spawns (not by operators).
  SHARDING_MANAGER: optional,
  // Asking in chat. Optional without a default: whether one was set matters in http mode.
  DISCORD_MENTIONS: optional.pipe(z.enum(['true', 'false']).optional()),
  DISCORD_DMS: optional.pipe(z.enum(['true', 'false']).optional()),
  DISCORD_MESSAGE_CONTENT: optional.pipe(z.enum(['true', 'false']).optional()),
  THREAD_REPLIES: z.enum(['mention', 'all']).default('mention'),
  // Follow-ups: a thread's conversation, bounded and expiring (the defaults are
  // src/conversation's MAX_TURNS and TURN_TTL_MS, which this lowest layer cannot import).
  CONVERSATION_TURNS: z.coerce.number().int().min(1).max(50).default(6),
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().max(720).default(24),
  // The answer-or-decline threshold; unset, the decision model's own (src/models/decision.json).
  ANSWER_THRESHOLD: optional.pipe(z.coerce.number<string | undefined>().min(0).max(1).optional()),
  // The short answer's threshold; unset, SHORT_ANSWER_MIN (src/answer/decision.ts).
  SHORT_ANSWER_THRESHOLD: optional.pipe(
    z.coerce.number<string | undefined>().min(0).max(1).optional(),
  ),
});

export type Config = z.infer<typeof Schema> & {
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

export class ConfigError extends Error {}

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
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return `${name}: ${issue.message}. Fix: ${HOW_TO_FIX[name] ?? 'see .env.example'}`;
    });
    throw new ConfigError(`configuration: ${lines.join('\n')}`);
  }
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

/** A ConfigError for a variable whose value proved unusable: `configuration: NAME: problem. Fix: …`. */
export function valueError(name: string, problem: string): ConfigError {
  return new ConfigError(
    `configuration: ${name}: ${problem}. Fix: ${HOW_TO_FIX[name] ?? 'see .env.example'}`,
  );
}

/**
 * Checks before the bot starts that DATABASE_PATH can be a SQLite database: not a folder, not
 * some other file, writable, or creatable where it does not exist yet. Missing folders are made
 * here, one level at a time, and the folder is tried with a file of our own: `access()` says yes
 * to root everywhere, but /sys and /proc take no new files, and Node's recursive mkdir never
 * returns under /proc (it loops on ENOENT). Throws a ConfigError saying which; SQLite's own words
 * ("unable to open database file") do not say what to fix. Nothing here waits: each step is one
 * system call, bounded by the path's depth.
 */
export function checkDatabasePath(path: string): void {
  if (path === ':memory:' || path === '') return;
  const fail = (problem: string): never => {
    throw valueError('DATABASE_PATH', `"${path}" ${problem}`);
  };
  const folder = dirname(path);
  const stats = statOrNull(path);
  if (stats) {
    if (stats.isDirectory()) fail('is a folder, not a file');
    if (stats.size > 0 && !hasSqliteHeader(path)) fail('is not a SQLite database');
    if (!writable(path)) fail('is read-only');
    // the write-ahead log is created beside the file
    if (!writable(folder)) fail(`is in a read-only folder (${folder})`);
    const refused = newFileProblem(folder);
    if (refused) fail(`is in a folder that does not accept new files (${folder}: ${refused})`);
    return;
  }
  // It will be created, with any missing folders: the nearest existing one must allow that.
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const found = statOrNull(at);
    if (found) {
      if (!found.isDirectory()) fail(`cannot be created: ${at} is a file, not a folder`);
      if (!writable(at)) fail(`cannot be created: ${at} is read-only`);
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    try {
      mkdirSync(at);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST')
        fail(`cannot be created: the folder ${at} cannot be made (${errnoCode(error) ?? error})`);
    }
  }
  const refused = newFileProblem(folder);
  if (refused) fail(`cannot be created: ${folder} does not accept new files (${refused})`);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Why a new file cannot be made in `folder` (its errno), or null when one was made and removed. */
function newFileProblem(folder: string): string | null {
  const probe = join(folder, `.dossier-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
    return null;
  } catch (error) {
    return errnoCode(error) ?? String(error);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const read = readSync(fd, header, 0, 16, 0);
    return read === 16 && header.toString('latin1') === 'SQLite format 3\0';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * How Discord reaches the bot. `gateway`: a WebSocket connection (DISCORD_TOKEN). `http`: Discord
 * POSTs signed interactions to /discord/interactions (DISCORD_PUBLIC_KEY, HTTP_PORT; the token only
 * for the daily post). `both`: the two in one process.
 */
export type DiscordMode = 'gateway' | 'http' | 'both';

export interface DiscordConfig {
  mode: DiscordMode;
  /** The bot token; null only in http mode with DAILY_ENABLED=false (follow-ups need no token). */
  token: string | null;
  /** The application's Ed25519 public key (hex); null in gateway mode. */
  publicKey: string | null;
  apiUrl: string | undefined;
  /**
   * Gateway sharding: this process is the manager (spawns `shards` processes and runs what must
   * run once: the daily schedule, the HTTP server), or one of its shards (interactions only).
   */
  sharding: { role: 'manager'; shards: 'auto' | number } | { role: 'shard'; id: number } | null;
  /**
   * Which messages the gateway answers (see README "Asking in chat"): mentions, direct messages,
   * and whether the privileged Message Content intent is asked for (the /autoanswer questions and
   * forum modes need it). All false in http mode, which receives no messages.
   */
  messages: DiscordMessages;
}

/** What Discord delivers to the bot besides interactions, from the DISCORD_* message settings. */
export interface DiscordMessages {
  mentions: boolean;
  dms: boolean;
  content: boolean;
}

/** A ConfigError whose fix depends on the situation rather than on the variable alone. */
function situationError(name: string, problem: string, fix: string): ConfigError {
  return new ConfigError(`configuration: ${name}: ${problem}. Fix: ${fix}`);
}

/** Discord's mode and what it needs, from the variables that are set; null when none is. */
function discordConfig(
  data: z.infer<typeof Schema>,
  httpPort: number | undefined,
): DiscordConfig | null {
  const token = data.DISCORD_TOKEN ?? null;
  const publicKey = data.DISCORD_PUBLIC_KEY ?? null;
  const explicit = data.DISCORD_MODE;
  if (token === null && publicKey === null) {
    if (explicit !== undefined) {
      const name = explicit === 'gateway' ? 'DISCORD_TOKEN' : 'DISCORD_PUBLIC_KEY';
      throw valueError(name, `is not set but DISCORD_MODE=${explicit} is`);
    }
    return null;
  }
  // A public key means an Interactions Endpoint URL is configured, and then Discord sends the
  // gateway no interactions at all: http is the only useful default.
  const mode: DiscordMode = explicit ?? (publicKey !== null ? 'http' : 'gateway');
  const missing = (name: string, why: string): ConfigError =>
    valueError(name, `is not set; DISCORD_MODE=${mode} needs it ${why}`);
  if (mode !== 'http' && token === null) throw missing('DISCORD_TOKEN', 'to open the gateway');
  if (mode !== 'gateway') {
    if (publicKey === null)
      throw missing('DISCORD_PUBLIC_KEY', 'to verify the requests Discord signs');
    if (httpPort === undefined)
      throw situationError(
        'HTTP_PORT',
        `is not set; DISCORD_MODE=${mode} receives interactions on the HTTP server`,
        'set it to the port your HTTPS proxy forwards /discord/interactions to, such as 3000',
      );
    if (mode === 'http' && token === null && data.DAILY_ENABLED)
      throw situationError(
        'DISCORD_TOKEN',
        "is not set; the daily post goes out through Discord's REST API, which needs the bot token",
        `${HOW_TO_FIX.DISCORD_TOKEN}, or set DAILY_ENABLED=false for an instance that only answers`,
      );
  }
  let sharding: DiscordConfig['sharding'] = null;
  if (data.SHARDING_MANAGER === 'true') sharding = { role: 'shard', id: Number(data.SHARDS ?? 0) };
  else if (data.SHARDS !== undefined) {
    const shards = data.SHARDS === 'auto' ? 'auto' : Number(data.SHARDS);
    if (shards !== 'auto' && !(/^\d+$/u.test(data.SHARDS) && shards >= 1 && shards <= 1024))
      throw valueError('SHARDS', `"${data.SHARDS}" is neither auto nor a number from 1 to 1024`);
    if (mode !== 'gateway')
      throw situationError(
        'SHARDS',
        `shards split the gateway connection; DISCORD_MODE=${mode} scales by running more instances behind a load balancer instead`,
        'unset SHARDS, or set DISCORD_MODE=gateway',
      );
    sharding = { role: 'manager', shards };
  }
  return {
    mode,
    token,
    publicKey,
    apiUrl: data.DISCORD_API_URL,
    sharding,
    messages: discordMessages(data, mode),
  };
}

/**
 * The message settings. Only the gateway receives messages: in http mode a setting that asks for
 * them is an error naming it (left at their defaults, they are simply off there).
 */
function discordMessages(data: z.infer<typeof Schema>, mode: DiscordMode): DiscordMessages {
  if (mode === 'http') {
    for (const name of ['DISCORD_DMS', 'DISCORD_MESSAGE_CONTENT', 'DISCORD_MENTIONS'] as const) {
      if (data[name] === 'true')
        throw situationError(
          name,
          'is true but DISCORD_MODE=http: Discord delivers messages only over the gateway, never to the interactions endpoint',
          `set DISCORD_MODE=both (the gateway for messages, the endpoint for interactions), or leave ${name} empty`,
        );
    }
    return { mentions: false, dms: false, content: false };
  }
  return {
    mentions: data.DISCORD_MENTIONS !== 'false',
    dms: data.DISCORD_DMS === 'true',
    content: data.DISCORD_MESSAGE_CONTENT === 'true',
  };
}

/**
 * Slack's mode from the variables that are set: an app-level token means Socket Mode (a signing
 * secret is then not needed), a signing secret means HTTP; either needs the bot token.
 */
function slackConfig(data: z.infer<typeof Schema>): SlackConfig | null {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN } = data;
  const apiUrl = data.SLACK_API_URL;
  if (botToken === undefined) {
    if (SLACK_APP_TOKEN !== undefined)
      throw valueError('SLACK_BOT_TOKEN', 'is not set but SLACK_APP_TOKEN is');
    if (SLACK_SIGNING_SECRET !== undefined)
      throw valueError('SLACK_BOT_TOKEN', 'is not set but SLACK_SIGNING_SECRET is');
    return null;
  }
  if (SLACK_APP_TOKEN !== undefined)
    return { mode: 'socket', botToken, appToken: SLACK_APP_TOKEN, apiUrl };
  if (SLACK_SIGNING_SECRET !== undefined)
    return { mode: 'http', botToken, signingSecret: SLACK_SIGNING_SECRET, apiUrl };
  throw valueError(
    'SLACK_BOT_TOKEN',
    'is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is',
  );
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
