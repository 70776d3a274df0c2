/**
 * The Discord adapter's entry point: a discord.js Client with the Guilds intent (slash commands
 * need no more), the message intents its settings ask for (GuildMessages for mentions,
 * DirectMessages for DMs, the privileged MessageContent only for /autoanswer's questions and forum
 * modes), and mentions off by default, wired to the dispatcher and the message path.
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
import type { Services } from '../../../commands/services.ts';
import type { Command } from '../../../commands/types.ts';
import type { Engine, EngineSource } from '../../answer/engine.ts';
import type { DiscordMessages } from '../../config/discord.ts';
import type { Sender } from '../../daily/sender.ts';
import type { Monitor } from '../../interactions/monitor.ts';
import type { PlatformHealth } from '../platform.ts';
import { createDispatcher, type DispatcherOptions, discordCore } from './dispatcher.ts';
import { attachDiscordMessages } from './messages.ts';
import { NO_MENTIONS } from './render.ts';
import { createDiscordSender } from './sender.ts';

export interface DiscordClientOptions {
  /** REST base as discord.js's `rest.api` (e.g. `http://127.0.0.1:8080/api`); default Discord's. */
  apiUrl?: string | undefined;
  /** Which messages to receive; default none (the Guilds intent only). */
  messages?: DiscordMessages | undefined;
}

/**
 * The gateway intents for the message settings: Guilds always; GuildMessages for mentions and
 * /autoanswer channels; DirectMessages for DMs; MessageContent (privileged) only when asked for.
 */
export function intentsFor(messages: DiscordMessages | undefined): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds];
  if (!messages) return intents;
  if (messages.mentions || messages.content) intents.push(GatewayIntentBits.GuildMessages);
  if (messages.dms) intents.push(GatewayIntentBits.DirectMessages);
  if (messages.content) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/** What the startup log says about messages: what is answered, and what needs the intent. */
export function messagesNote(messages: DiscordMessages | undefined): string {
  if (!messages || !(messages.mentions || messages.dms || messages.content))
    return 'discord: chat messages are not read (DISCORD_MENTIONS=false); slash commands only';
  const answered = [
    messages.mentions || messages.content ? 'mentions' : null,
    messages.dms ? 'direct messages' : null,
  ].filter((w): w is string => w !== null);
  return messages.content
    ? `discord: answering ${answered.join(' and ')}; the Message Content intent is on, so /autoanswer questions and forum modes work`
    : `discord: answering ${answered.join(' and ')} (Discord delivers their text without the Message Content intent); /autoanswer questions and forum modes need it: set DISCORD_MESSAGE_CONTENT=true and turn the intent on in the Developer Portal (Bot → Privileged Gateway Intents)`;
}

/** A Client with the intents the settings need and `allowedMentions: { parse: [] }` on every message. */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const origin = options.apiUrl?.replace(/\/api\/?$/, '');
  return new Client({
    intents: intentsFor(options.messages),
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
  /** The engine, or where to read it at the start of each interaction (corpus reloads). */
  engine: Engine | EngineSource;
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
  /**
   * Discord closed the gateway for good after login (4004: the token was reset; 4014: an
   * intent was withdrawn): discord.js will not reconnect, so the bot should stop. Called once.
   */
  onFatal?: ((message: string) => void) | undefined;
  /** Counts interactions (through the dispatcher) and the client errors logged here. */
  monitor?: Monitor | undefined;
  /**
   * Which messages to read (DISCORD_MENTIONS, DISCORD_DMS, DISCORD_MESSAGE_CONTENT); default none.
   * They are answered by the core's message path (`dispatcher.core` or `dispatcher.messages`).
   */
  messages?: DiscordMessages | undefined;
}

export interface DiscordAdapter {
  client: Client<true>;
  sender: Sender;
  /** Disconnects and stops handling interactions. */
  stop(): Promise<void>;
  /** Whether the gateway is connected (for /healthz). */
  health(): PlatformHealth;
}

/** What to tell the operator when Discord closes the gateway for good with `code`. */
export function fatalCloseMessage(code: number): string {
  switch (code) {
    case 4004:
      return 'Discord closed the gateway with 4004 (authentication failed): the bot token was reset or revoked. Check DISCORD_TOKEN: copy it again from the Developer Portal (Bot → Reset Token), then restart.';
    case 4013:
    case 4014:
      return `Discord closed the gateway with ${code} (${code === 4014 ? 'disallowed' : 'invalid'} intents): with DISCORD_MESSAGE_CONTENT=true the bot asks for the privileged Message Content intent, which must be turned on in the Developer Portal (Bot → Privileged Gateway Intents); otherwise set DISCORD_MESSAGE_CONTENT=false. Then restart.`;
    default:
      return `Discord closed the gateway with ${code} and will not accept a reconnect; restart the bot once the cause is fixed.`;
  }
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
  const client = createDiscordClient({ apiUrl: options.apiUrl, messages: options.messages });

  const { monitor } = options;
  const countError = (source: string) => {
    try {
      monitor?.error(source);
    } catch {
      // counting must never be the thing that fails
    }
  };
  let health: PlatformHealth = { status: 'reconnecting', since: new Date(), detail: 'logging in' };
  const setHealth = (status: PlatformHealth['status'], detail?: string) => {
    if (health.status !== status) health = { status, since: new Date(), detail };
  };
  let fatal = false;

  // Without these listeners an 'error' event would throw and end the process.
  client.on(Events.Error, (error) => {
    logger.error({ err: error }, 'discord: client error');
    countError('discord_client');
  });
  client.on(Events.ShardError, (error, shardId) => {
    // after a close for good discord.js also emits its own error ("Authentication failed"):
    // the operator was already told, in words that say what to fix
    if (fatal) {
      logger.debug({ err: error, shardId }, 'discord: shard error after the fatal close');
      return;
    }
    logger.error({ err: error, shardId }, 'discord: shard error');
    countError('discord_shard');
  });
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
  // discord.js emits shardDisconnect only for close codes it will not reconnect after
  client.on(Events.ShardDisconnect, (event, shardId) => {
    setHealth('disconnected', `gateway closed with ${event.code}`);
    if (!client.isReady() || fatal) {
      logger.warn({ code: event.code, shardId }, 'discord: shard disconnected');
      return;
    }
    fatal = true;
    const message = fatalCloseMessage(event.code);
    logger.error({ code: event.code, shardId }, `discord: ${message}`);
    options.onFatal?.(message);
  });
  client.on(Events.ShardReconnecting, () => setHealth('reconnecting', 'gateway reconnecting'));
  client.on(Events.ShardReady, () => setHealth('connected'));
  client.on(Events.ShardResume, (shardId, replayed) => {
    setHealth('connected');
    logger.info({ shardId, replayed }, 'discord: shard resumed');
  });
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

  const core =
    options.dispatcher?.core ??
    discordCore({
      ...options.dispatcher,
      commands: options.commands,
      engine: options.engine,
      services: options.services,
      logger,
      monitor,
    });
  const handler = createDispatcher({
    ...options.dispatcher,
    commands: options.commands,
    engine: options.engine,
    services: options.services,
    logger,
    monitor,
    core,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    void handler(interaction);
  });
  // Messages are read only when asked for and the core has a message path to answer them.
  const detachMessages =
    options.messages && core.messages
      ? attachDiscordMessages({ client, path: core.messages, logger })
      : null;
  logger.info(
    { intents: intentsFor(options.messages).map((i) => GatewayIntentBits[i]) },
    messagesNote(core.messages ? options.messages : undefined),
  );

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
    setHealth('connected');
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
        detachMessages?.();
        await client.destroy();
        setHealth('disconnected', 'stopped');
      },
      health: () => health,
    };
  } catch (error) {
    detachMessages?.();
    await client.destroy().catch(() => undefined);
    if (error instanceof DiscordLoginError) throw error;
    throw new DiscordLoginError(loginErrorMessage(error, options.apiUrl), { cause: error });
  } finally {
    clearTimeout(timer);
    restOptions.rejectOnRateLimit = rejectOnRateLimit;
  }
}
