import { REST } from 'discord.js';
import type { Command } from '../../../commands/types.ts';
import type { DiscordMessages, DiscordMode } from '../../config/discord.ts';
import type { Sender } from '../../daily/sender.ts';
import type { MessageRules } from '../../interactions/message-trigger.ts';
import type { PlatformAdapter, PlatformRuntime, RunningPlatform } from '../platform.ts';
import { discordCapabilities } from './capabilities.ts';
import { type DiscordAdapter, type StartDiscordOptions, startDiscord } from './client.ts';
import { discordCore } from './dispatcher.ts';
import { interactionsEndpoint } from './interactions-endpoint.ts';
import { INTERACTIONS_PATH } from './platform.ts';
import { createRestSender } from './rest-sender.ts';
import { type RunningShards, type ShardOptions, startShards } from './shards.ts';
import { discordPublicKey } from './signature.ts';

export interface DiscordPlatformOptions {
  /** The bot token; null only for an HTTP instance that posts nothing (follow-ups need none). */
  token: string | null;
  apiUrl?: string | undefined;
  commands: readonly Command[];
  /** gateway (default), http or both; see DiscordMode. */
  mode?: DiscordMode;
  /** The application's public key (hex), for http and both. */
  publicKey?: string | null;
  /**
   * Run as the shard manager: spawn the gateway shards (each a process running `file`) and post
   * the daily fact through REST. Interactions are answered in the shards.
   */
  shards?: Omit<ShardOptions, 'token' | 'apiUrl' | 'logger'> | undefined;
  /** Tuning and test hooks for the dispatcher (cooldown, defer timer). */
  dispatcher?: StartDiscordOptions['dispatcher'];
  /** Wall-clock time for the interactions endpoint's timestamp window (ms); tests hold it. */
  wallClock?: () => number;
  /** Which chat messages the gateway reads (config.discord.messages); default none. */
  messages?: DiscordMessages | undefined;
  /** In a thread the bot started: answer every reply, or only mentions (THREAD_REPLIES). */
  threadReplies?: MessageRules['threadReplies'] | undefined;
}

export interface RunningDiscord extends RunningPlatform {
  /** The gateway connection; null without one (http mode, the shard manager). */
  discord: DiscordAdapter | null;
}

export interface DiscordPlatformAdapter extends PlatformAdapter {
  start(runtime: PlatformRuntime): Promise<RunningDiscord>;
}

/** An HTTP instance without a bot token posts nothing (DAILY_ENABLED=false is required for it). */
const noTokenSender: Sender = {
  checkAccess: async () => ({ ok: false, permanent: false, reason: 'DISCORD_TOKEN is not set' }),
  send: async () => ({ ok: false, permanent: false, reason: 'DISCORD_TOKEN is not set' }),
};

/**
 * Discord as one of the bot's platforms: the gateway, the HTTP interactions endpoint, or both, or
 * (with `shards`) the manager of gateway shards.
 * @example await startBot({ config, logger, engine, platforms: [discordPlatformAdapter({ token, commands })] });
 */
export function discordPlatformAdapter(options: DiscordPlatformOptions): DiscordPlatformAdapter {
  const mode = options.mode ?? 'gateway';
  const capabilities = discordCapabilities(mode, options.messages);
  return {
    id: 'discord',
    capabilities,
    async start(runtime) {
      const { logger } = runtime;
      const rest = new REST({
        ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
        timeout: 15_000,
      });
      if (options.token !== null) rest.setToken(options.token);
      // Edits and follow-ups of HTTP interactions: their token is the credential, and Discord
      // does not count interaction endpoints against the 50/s global limit that @discordjs/rest
      // otherwise applies to every request (a burst's 1,000 answers took 20 s behind it).
      const webhooks = new REST({
        ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
        timeout: 15_000,
        globalRequestsPerSecond: 1_000_000,
      });
      for (const client of [rest, webhooks])
        client.on('rateLimited', (info) =>
          logger.warn({ route: info.route, retryAfter: info.retryAfter }, 'discord: rate limited'),
        );

      if (options.shards) {
        if (options.token === null) throw new Error('discord: shards need the bot token');
        const shards: RunningShards = await startShards({
          ...options.shards,
          token: options.token,
          apiUrl: options.apiUrl,
          logger,
        });
        return {
          id: 'discord',
          discord: null,
          sender: createRestSender(rest, logger.child({ component: 'discord-sender' })),
          stop: () => shards.stop(),
          health: () => shards.health(),
        };
      }

      const messages = options.messages;
      const core = discordCore({
        ...options.dispatcher,
        commands: options.commands,
        engine: runtime.engine,
        services: runtime.services,
        logger,
        now: runtime.now,
        monitor: runtime.monitor,
        // chat messages reach only a gateway, and are recorded in the bot's database
        messages:
          capabilities.messages && messages && runtime.chat
            ? {
                rules: {
                  // false: mentions are answered only in channels set up with /autoanswer
                  mentions: messages.mentions,
                  dms: messages.dms,
                  threadReplies: options.threadReplies ?? 'mention',
                },
                store: runtime.chat,
              }
            : undefined,
      });
      if (mode === 'http' && options.messages === undefined)
        logger.info('discord: HTTP interactions receive no chat messages (DISCORD_MODE=http)');
      if (mode !== 'gateway') {
        if (!runtime.http)
          throw new Error(
            'HTTP_PORT is not set: Discord calls /discord/interactions on the HTTP server',
          );
        if (!options.publicKey) throw new Error('DISCORD_PUBLIC_KEY is not set');
        runtime.http.route(
          'POST',
          INTERACTIONS_PATH,
          interactionsEndpoint({
            core,
            publicKey: discordPublicKey(options.publicKey),
            rest,
            webhooks,
            logger,
            ...(options.wallClock ? { nowMs: options.wallClock } : {}),
          }),
        );
      }
      let discord: DiscordAdapter | null = null;
      if (mode !== 'http') {
        if (options.token === null) throw new Error('discord: the gateway needs the bot token');
        discord = await startDiscord({
          token: options.token,
          apiUrl: options.apiUrl,
          engine: runtime.engine,
          services: runtime.services,
          logger,
          commands: options.commands,
          dispatcher: { now: runtime.now, ...options.dispatcher, core },
          monitor: runtime.monitor,
          messages: core.messages ? messages : undefined,
          onAccessLost: (lost) => runtime.accessLost(lost),
          onFatal: runtime.fatal,
        });
      }
      const sender =
        discord?.sender ??
        (options.token === null
          ? noTokenSender
          : createRestSender(rest, logger.child({ component: 'discord-sender' })));
      if (mode !== 'gateway')
        logger.info({ mode, path: INTERACTIONS_PATH }, 'discord: interactions endpoint ready');
      const gateway = discord;
      return {
        id: 'discord',
        sender,
        discord: gateway,
        stop: async () => {
          await gateway?.stop();
        },
        // Over HTTP there is no connection to lose: the endpoint is up while the server is.
        ...(gateway ? { health: () => gateway.health() } : {}),
      };
    },
  };
}
