/**
 * The Discord adapter's entry point: a discord.js Client with only the Guilds intent (slash
 * commands need no privileged intents) and mentions off by default, wired to the dispatcher.
 */
import {
  Client,
  DiscordAPIError,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  RateLimitError,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Command, Services } from '../../../commands/types.ts';
import type { Engine } from '../../answer/engine.ts';
import type { Sender } from '../../daily/sender.ts';
import { createDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { NO_MENTIONS } from './render.ts';
import { createDiscordSender } from './sender.ts';

export interface DiscordClientOptions {
  /** REST base as discord.js's `rest.api` (e.g. `http://127.0.0.1:8080/api`); default Discord's. */
  apiUrl?: string | undefined;
}

/** A Client with the Guilds intent only and `allowedMentions: { parse: [] }` on every message. */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const origin = options.apiUrl?.replace(/\/api\/?$/, '');
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(options.apiUrl === undefined
      ? {}
      : { rest: { api: options.apiUrl, cdn: `${origin}/cdn`, mediaProxy: `${origin}/media` } }),
  });
}

/** Login failed for a reason the operator must fix; `message` is meant to be printed as is. */
export class DiscordLoginError extends Error {
  override readonly name = 'DiscordLoginError';
}

export interface StartDiscordOptions {
  token: string;
  apiUrl?: string | undefined;
  engine: Engine;
  services: Services;
  logger: Logger;
  commands: readonly Command[];
  /** Tuning and test hooks for the dispatcher (clock, cooldown, defer timer). */
  dispatcher?: Partial<Omit<DispatcherOptions, 'commands' | 'engine' | 'services' | 'logger'>>;
  /** How long to wait for READY after login; default 30 s. */
  readyTimeoutMs?: number;
  /**
   * Called when the bot loses a channel or a guild for good (deleted, or the bot was removed),
   * so the daily schedule can disable its subscriptions there. A guild outage is not reported.
   */
  onAccessLost?: (lost: { kind: 'channel' | 'guild'; id: string }) => void;
}

export interface DiscordAdapter {
  client: Client<true>;
  sender: Sender;
  /** Disconnects and stops handling interactions. */
  stop(): Promise<void>;
}

/** A message for the operator explaining why login failed. */
export function loginErrorMessage(error: unknown, apiUrl?: string): string {
  if (
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) ||
    (error instanceof DiscordAPIError && error.status === 401)
  ) {
    return 'Discord rejected the bot token (401 Unauthorized). Check DISCORD_TOKEN: copy it again from the Developer Portal (Bot → Reset Token).';
  }
  if (error instanceof RateLimitError) {
    const wait =
      error.retryAfter >= 60_000
        ? `${Math.round(error.retryAfter / 60_000)} min`
        : `${Math.ceil(error.retryAfter / 1000)} s`;
    return `Discord is rate-limiting this bot: it asked to wait ${wait} before logging in again. Wait, and check that no other copy of the bot keeps restarting with the same token.`;
  }
  const where = apiUrl ?? 'discord.com';
  const detail = error instanceof Error ? error.message : String(error);
  return `Could not connect to Discord (${where}): ${detail}`;
}

/**
 * Logs in, routes interactions to `commands` and resolves once the gateway is READY.
 * Rejects with a DiscordLoginError (a printable message) when the token is bad or Discord is
 * unreachable; the Client is destroyed in that case.
 * @example const discord = await startDiscord({ token, engine, services, logger, commands });
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { logger } = options;
  const client = createDiscordClient({ apiUrl: options.apiUrl });

  // Without these listeners an 'error' event would throw and end the process.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord: client error'));
  client.on(Events.ShardError, (error, shardId) =>
    logger.error({ err: error, shardId }, 'discord: shard error'),
  );
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'discord: shard disconnected'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info({ shardId, replayed }, 'discord: shard resumed'),
  );
  client.rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'discord: rate limited',
    ),
  );

  if (options.onAccessLost) {
    const report = options.onAccessLost;
    const safeReport = (lost: { kind: 'channel' | 'guild'; id: string }) => {
      try {
        report(lost);
      } catch (error) {
        logger.error({ err: error, lost }, 'discord: onAccessLost listener threw');
      }
    };
    client.on(Events.ChannelDelete, (channel) => safeReport({ kind: 'channel', id: channel.id }));
    client.on(Events.ThreadDelete, (thread) => safeReport({ kind: 'channel', id: thread.id }));
    // discord.js emits guildDelete only when the guild is really gone, guildUnavailable for outages.
    client.on(Events.GuildDelete, (guild) => safeReport({ kind: 'guild', id: guild.id }));
  }

  const handler = createDispatcher({
    ...options.dispatcher,
    commands: options.commands,
    engine: options.engine,
    services: options.services,
    logger,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    void handler(interaction);
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  // A 429 asking for longer than we wait for READY would otherwise have REST sleep it out, holding
  // the process open long after login has failed; while logging in it becomes an error instead.
  const restOptions = client.rest.options;
  const rejectOnRateLimit = restOptions.rejectOnRateLimit;
  restOptions.rejectOnRateLimit = (limit) => limit.retryAfter >= readyTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new DiscordLoginError(`Discord did not become ready within ${readyTimeoutMs} ms.`)),
      readyTimeoutMs,
    );
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  // Every promise here has a handler from the start: a login that fails after the timeout (or a
  // timeout while login() is pending) must not surface as an unhandled rejection.
  const login = client.login(options.token);
  login.catch(() => undefined);
  try {
    const readyClient = await Promise.race([login.then(() => ready), timedOut]);
    logger.info(
      { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size },
      'discord: ready',
    );
    const sender = createDiscordSender(readyClient, logger.child({ component: 'discord-sender' }));
    return {
      client: readyClient,
      sender,
      stop: async () => {
        client.removeAllListeners(Events.InteractionCreate);
        await client.destroy();
      },
    };
  } catch (error) {
    await client.destroy().catch(() => undefined);
    if (error instanceof DiscordLoginError) throw error;
    throw new DiscordLoginError(loginErrorMessage(error, options.apiUrl), { cause: error });
  } finally {
    clearTimeout(timer);
    restOptions.rejectOnRateLimit = rejectOnRateLimit;
  }
}
