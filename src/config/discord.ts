import { type ConfigError, HOW_TO_FIX, situationError, valueError } from './errors.ts';
import type { ParsedEnv } from './schema.ts';

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

/** Discord's mode and what it needs, from the variables that are set; null when none is. */
export function discordConfig(data: ParsedEnv, httpPort: number | undefined): DiscordConfig | null {
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
function discordMessages(data: ParsedEnv, mode: DiscordMode): DiscordMessages {
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
