/**
 * The platforms, in one list. Each entry says which part of the configuration it runs on, what it
 * offers with it (capabilities), and how to start it; main.ts and the bot runtime loop over this
 * list and name no platform. A platform's libraries (discord.js, Bolt) are imported only when it
 * runs, so the terminal chat starts without them.
 *
 * Adding a platform (Matrix, Teams): its folder beside these (an adapter implementing
 * PlatformAdapter over the interaction core, see ./platform.ts), one entry below, its settings in
 * src/config/ (its variables in schema.ts, its mode beside discord.ts and slack.ts), and its id in
 * PLATFORM_IDS in src/config.ts. Storage, the interaction core, the
 * commands and bot.ts stay as they are.
 */
import type { Logger } from 'pino';
import type { Command } from '../../commands/types.ts';
import type { Engine } from '../answer/engine.ts';
import type { Config, PlatformId } from '../config.ts';
import { consoleCapabilities, runTerminal } from './console/launch.ts';
// Capabilities are computed without loading a platform's libraries.
import { discordCapabilities } from './discord/capabilities.ts';
import type { PlatformAdapter, PlatformCapabilities } from './platform.ts';
import { slackCapabilities } from './slack/capabilities.ts';

/** What starting a platform may need from the process. */
export interface LoadContext {
  commands: readonly Command[];
  logger: Logger;
  /** The entry script and Node options (Discord's shard manager runs them again per shard). */
  entryScript: string;
  execArgv: readonly string[];
}

/** A platform reached over the network: run by the bot runtime (bot.ts) with the database. */
export interface ServerPlatform {
  kind: 'server';
  id: PlatformId;
  /** Whether its settings are present (credentials), so this process runs it. */
  configured(config: Config): boolean;
  /** In a gateway shard process, whether it runs there too (false: once, in the manager). */
  inShards: boolean;
  capabilities(config: Config): PlatformCapabilities;
  /** Its adapter, built from its settings (its libraries loaded now). */
  load(config: Config, context: LoadContext): Promise<PlatformAdapter>;
}

/** The terminal chat: run, without a database, when no server platform is configured. */
export interface TerminalPlatform {
  kind: 'terminal';
  id: PlatformId;
  capabilities(config: Config): PlatformCapabilities;
  /** Runs until the user quits. */
  run(options: {
    config: Config;
    engine: Engine;
    rebuild: (signal: AbortSignal) => Promise<Engine>;
    logger: Logger;
  }): Promise<void>;
}

export type PlatformEntry = ServerPlatform | TerminalPlatform;

const discord: ServerPlatform = {
  kind: 'server',
  id: 'discord',
  configured: (config) => config.discord !== null,
  inShards: true,
  capabilities: (config) => discordCapabilitiesOf(config),
  async load(config, context) {
    const settings = config.discord;
    if (!settings) throw new Error('discord: not configured');
    const { discordPlatformAdapter } = await import('./discord/launch.ts');
    const sharding = settings.sharding;
    return discordPlatformAdapter({
      token: settings.token,
      apiUrl: settings.apiUrl,
      commands: context.commands,
      mode: settings.mode,
      publicKey: settings.publicKey,
      messages: settings.messages,
      threadReplies: config.THREAD_REPLIES,
      // Each shard runs this same entry script with the same Node options (tsx or the bundle).
      shards:
        sharding?.role === 'manager'
          ? { count: sharding.shards, file: context.entryScript, execArgv: [...context.execArgv] }
          : undefined,
    });
  },
};

const slack: ServerPlatform = {
  kind: 'server',
  id: 'slack',
  configured: (config) => config.slack !== null,
  inShards: false,
  capabilities: (config) => slackCapabilitiesOf(config),
  async load(config, context) {
    const settings = config.slack;
    if (!settings) throw new Error('slack: not configured');
    const { slackPlatformAdapter } = await import('./slack/launch.ts');
    if (config.httpPortDefaulted)
      context.logger.info(
        { port: config.HTTP_PORT },
        'HTTP_PORT is empty; Slack HTTP mode listens on the default port (set HTTP_PORT to change it)',
      );
    return slackPlatformAdapter({
      config: settings,
      commands: context.commands,
      threadReplies: config.THREAD_REPLIES,
    });
  },
};

const terminal: TerminalPlatform = {
  kind: 'terminal',
  id: 'console',
  capabilities: () => consoleCapabilities,
  run: (options) => runTerminal(options),
};

/** Every platform, once. */
export const PLATFORM_REGISTRY: readonly PlatformEntry[] = [discord, slack, terminal];

/**
 * This process is one gateway shard of several (Discord's ShardingManager started it): it
 * answers its servers and leaves what must run once (the daily post, HTTP) to the manager.
 */
export function shardProcess(config: Config): { id: number } | null {
  const sharding = config.discord?.sharding;
  return sharding?.role === 'shard' ? { id: sharding.id } : null;
}

/**
 * What this process runs: the configured server platforms (only those that run in shards, in a
 * shard process), or, with none, the terminal chat.
 */
export function selectPlatforms(
  config: Config,
  registry: readonly PlatformEntry[] = PLATFORM_REGISTRY,
): { servers: ServerPlatform[]; terminal: TerminalPlatform | null } {
  const shard = shardProcess(config) !== null;
  const servers = registry.filter(
    (e): e is ServerPlatform =>
      e.kind === 'server' && e.configured(config) && (!shard || e.inShards),
  );
  if (servers.length > 0) return { servers, terminal: null };
  return {
    servers,
    terminal: registry.find((e): e is TerminalPlatform => e.kind === 'terminal') ?? null,
  };
}

function discordCapabilitiesOf(config: Config): PlatformCapabilities {
  return discordCapabilities(config.discord?.mode ?? 'gateway', config.discord?.messages);
}

function slackCapabilitiesOf(config: Config): PlatformCapabilities {
  return slackCapabilities(config.slack !== null);
}
