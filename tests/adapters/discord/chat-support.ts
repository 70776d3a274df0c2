/**
 * Shared set-up for asking in chat on Discord: the whole bot (launchBot with the platforms the
 * registry selects from a configuration, the real discord.js client) against the fake Discord,
 * and readers of what it posted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { commands } from '../../../commands/index.ts';
import { selectPlatforms } from '../../../src/adapters/registry.ts';
import { launchBot, type RunningBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import { engine } from '../../support/engine.ts';
import {
  DEFAULT_PERMISSIONS,
  type FakeDiscord,
  type RecordedRequest,
} from '../../support/fake-discord/index.ts';
import { captureLogger, type LogRecord } from './helpers.ts';

export const MANAGER = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
export const THREADS = '/channels/:channelId/messages/:messageId/threads';
export const POSTS = '/channels/:channelId/messages';
export const ONE_MESSAGE = '/channels/:channelId/messages/:messageId';

export interface ChatBot {
  bot: RunningBot;
  logs: LogRecord[];
  stop(): Promise<void>;
}

/** A temporary folder for databases, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the bot as main.ts does (the registry picks Discord from the configuration) with its
 * database at `database`, against `fake`.
 */
export async function startChatBot(
  fake: FakeDiscord,
  database: string,
  env: Record<string, string> = {},
): Promise<ChatBot> {
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DATABASE_PATH: database,
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
      CORPUS_WATCH: 'false',
      ...env,
    },
    { dotenv: false },
  );
  const { logger, records } = captureLogger();
  const context = { commands, logger, entryScript: '', execArgv: [] };
  const platforms = await Promise.all(
    selectPlatforms(config).servers.map((entry) => entry.load(config, context)),
  );
  const bot = await launchBot({ config, logger, engine: await engine(), platforms });
  return { bot, logs: records, stop: () => bot.stop() };
}

/** Answers the bot posted in a channel (or thread). */
export function postsIn(fake: FakeDiscord, channelId: string): RecordedRequest[] {
  return fake.requests(
    (r) =>
      r.method === 'POST' &&
      r.route === POSTS &&
      r.params.channelId === channelId &&
      r.status !== undefined &&
      r.status < 300,
  );
}

/** Threads the bot made from messages. */
export function threadsMade(fake: FakeDiscord, messageId?: string): RecordedRequest[] {
  return fake.requests(
    (r) =>
      r.method === 'POST' &&
      r.route === THREADS &&
      (messageId === undefined || r.params.messageId === messageId),
  );
}

/** Every message the bot posted or edited in channels. */
export function channelPayloads(fake: FakeDiscord): Record<string, unknown>[] {
  return fake
    .requests(
      (r) =>
        (r.method === 'POST' && r.route === POSTS) ||
        (r.method === 'PATCH' && r.route === ONE_MESSAGE),
    )
    .map((r) => r.body)
    .filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null);
}

/** The custom ids of a posted message's buttons. */
export function buttonIds(body: unknown): string[] {
  const rows = (body as { components?: { components?: { custom_id?: string }[] }[] }).components;
  return (rows ?? []).flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ''));
}

/** The text a posted message shows (content, then its embed's title and description). */
export function shownText(body: unknown): string {
  const b = body as { content?: string; embeds?: { title?: string; description?: string }[] };
  return [
    b.content ?? '',
    ...(b.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');
}
