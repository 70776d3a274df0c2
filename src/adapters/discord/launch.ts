import type { Command } from '../../../commands/types.ts';
import type { PlatformAdapter, PlatformRuntime, RunningPlatform } from '../platform.ts';
import { type DiscordAdapter, type StartDiscordOptions, startDiscord } from './client.ts';

export interface DiscordPlatformOptions {
  token: string;
  apiUrl?: string | undefined;
  commands: readonly Command[];
  /** Tuning and test hooks for the dispatcher (cooldown, defer timer). */
  dispatcher?: StartDiscordOptions['dispatcher'];
}

export interface RunningDiscord extends RunningPlatform {
  discord: DiscordAdapter;
}

export interface DiscordPlatformAdapter extends PlatformAdapter {
  start(runtime: PlatformRuntime): Promise<RunningDiscord>;
}

/**
 * The Discord gateway as one of the bot's platforms.
 * @example await startBot({ config, logger, engine, platforms: [discordPlatformAdapter({ token, commands })] });
 */
export function discordPlatformAdapter(options: DiscordPlatformOptions): DiscordPlatformAdapter {
  return {
    id: 'discord',
    async start(runtime) {
      const discord = await startDiscord({
        token: options.token,
        apiUrl: options.apiUrl,
        engine: runtime.engine,
        services: runtime.services,
        logger: runtime.logger,
        commands: options.commands,
        dispatcher: { now: runtime.now, ...options.dispatcher },
        monitor: runtime.monitor,
        onAccessLost: (lost) => runtime.accessLost(lost),
        onFatal: runtime.fatal,
      });
      return {
        id: 'discord',
        sender: discord.sender,
        discord,
        stop: () => discord.stop(),
        health: () => discord.health(),
      };
    },
  };
}
