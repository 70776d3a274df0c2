/** Starts the whole bot in DISCORD_MODE=http against the fake Discord, for the HTTP tests and bench. */
import type { Logger } from 'pino';
import { commands as allCommands } from '../../../commands/index.ts';
import type { Command } from '../../../commands/types.ts';
import { discordPlatformAdapter } from '../../../src/adapters/discord/launch.ts';
import type { Engine } from '../../../src/answer/engine.ts';
import { type RunningBot, startBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import type { FakeDiscord, InteractionSigner } from '../../support/fake-discord/index.ts';

export interface HttpBot {
  bot: RunningBot;
  /** http://127.0.0.1:<port>/discord/interactions */
  url: string;
  stop(): Promise<void>;
}

export async function startHttpBot(options: {
  fake: FakeDiscord;
  signer: InteractionSigner;
  databasePath: string;
  engine: Engine;
  logger: Logger;
  commands?: readonly Command[];
  env?: Record<string, string>;
  /** The bot's clock for the signature timestamp window (ms); default the real one. */
  wallClock?: () => number;
}): Promise<HttpBot> {
  const { fake, signer } = options;
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      HTTP_PORT: '0',
      DATABASE_PATH: options.databasePath,
      SNAPSHOT_DIR: 'off',
      SEMANTICS_DIR: 'off',
      DAILY_ENABLED: 'false',
      ...options.env,
    },
    { dotenv: false },
  );
  const discord = config.discord;
  if (discord?.mode !== 'http') throw new Error('expected DISCORD_MODE=http');
  const stop = new AbortController();
  let started: (b: RunningBot) => void = () => {};
  const ready = new Promise<RunningBot>((resolve) => {
    started = resolve;
  });
  const exit = startBot(
    {
      config,
      logger: options.logger,
      engine: options.engine,
      platforms: [
        discordPlatformAdapter({
          token: discord.token,
          apiUrl: discord.apiUrl,
          commands: options.commands ?? allCommands,
          mode: discord.mode,
          publicKey: discord.publicKey,
          ...(options.wallClock ? { wallClock: options.wallClock } : {}),
        }),
      ],
    },
    { signal: stop.signal, onStarted: started },
  );
  const early = exit.then((code) => {
    throw new Error(`bot exited early with ${code}`);
  });
  early.catch(() => {});
  const bot = await Promise.race([ready, early]);
  return {
    bot,
    url: `http://127.0.0.1:${bot.httpPort}/discord/interactions`,
    stop: async () => {
      stop.abort();
      await exit.catch(() => 1);
    },
  };
}
