/**
 * The whole bot (launchBot, the real discord.js client) against a fake Discord, over a copy of the
 * seed corpus in a temporary folder: what the in-process end-to-end tests start.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { commands } from '../../commands/index.ts';
import { discordPlatformAdapter } from '../../src/adapters/discord/launch.ts';
import { loadEngine } from '../../src/answer/engine.ts';
import { type BotOptions, launchBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import type { FakeDiscord } from './fake-discord/index.ts';

/** A temporary folder holding `corpus/`, a copy of the seed corpus. */
export function corpusCopy(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync('corpus', join(dir, 'corpus'), { recursive: true });
  return dir;
}

/**
 * Launches the bot on `dir/corpus` with its database in `dir`, no snapshots, no watcher and no
 * daily scheduler unless `env` says otherwise; reloads rebuild in this thread.
 */
export async function launchTestBot(
  fake: FakeDiscord,
  dir: string,
  env: Record<string, string> = {},
  options: BotOptions = {},
): Promise<RunningBot> {
  const corpusDir = join(dir, 'corpus');
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DATABASE_PATH: join(dir, 'bot.db'),
      CORPUS_DIR: corpusDir,
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
      CORPUS_WATCH: 'false',
      ...env,
    },
    { dotenv: false },
  );
  const load = () => loadEngine({ corpusDir, snapshotDir: null });
  return launchBot(
    {
      config,
      logger: pino({ level: 'silent' }),
      engine: await load(),
      platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
      rebuild: load,
    },
    options,
  );
}
