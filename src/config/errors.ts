/**
 * How a bad value is reported: `configuration: NAME: problem. Fix: …`, one line per variable, so
 * the process stops saying what to change.
 */
import type { z } from 'zod';

/** Where each variable is documented for the person who has to fix it. */
export const HOW_TO_FIX: Record<string, string> = {
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

export class ConfigError extends Error {}

/** The ConfigError for the issues the schema found, one line per variable, each with its fix. */
export function issuesError(error: z.ZodError): ConfigError {
  const lines = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    return `${name}: ${issue.message}. Fix: ${HOW_TO_FIX[name] ?? 'see .env.example'}`;
  });
  return new ConfigError(`configuration: ${lines.join('\n')}`);
}

/** A ConfigError for a variable whose value proved unusable: `configuration: NAME: problem. Fix: …`. */
export function valueError(name: string, problem: string): ConfigError {
  return new ConfigError(
    `configuration: ${name}: ${problem}. Fix: ${HOW_TO_FIX[name] ?? 'see .env.example'}`,
  );
}

/** A ConfigError whose fix depends on the situation rather than on the variable alone. */
export function situationError(name: string, problem: string, fix: string): ConfigError {
  return new ConfigError(`configuration: ${name}: ${problem}. Fix: ${fix}`);
}
