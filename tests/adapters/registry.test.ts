/**
 * One list of platforms (issue 17, item 4): the registry names every platform id once, main.ts
 * runs what it selects from the configuration, and no code outside the adapters and the settings
 * names a platform, so adding one is a folder, a registry entry and its settings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PLATFORM_REGISTRY, selectPlatforms } from '../../src/adapters/registry.ts';
import { loadConfig, PLATFORM_IDS } from '../../src/config.ts';
import { readSources } from '../support/layers.ts';

const KEY = 'a'.repeat(64);
const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });
const ids = (env: Record<string, string>) => {
  const { servers, terminal } = selectPlatforms(load(env));
  return { servers: servers.map((s) => s.id), terminal: terminal?.id ?? null };
};

describe('the platform registry', () => {
  test('lists every platform id of PLATFORM_IDS exactly once, and nothing else', () => {
    expect(PLATFORM_REGISTRY.map((e) => e.id).sort()).toEqual([...PLATFORM_IDS].sort());
  });

  test('runs the platforms that have settings, else the terminal chat', () => {
    expect(ids({})).toEqual({ servers: [], terminal: 'console' });
    expect(ids({ DISCORD_TOKEN: 't' })).toEqual({ servers: ['discord'], terminal: null });
    expect(
      ids({ DISCORD_TOKEN: 't', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }),
    ).toEqual({ servers: ['discord', 'slack'], terminal: null });
    // a gateway shard process runs only what runs in shards: Slack stays in the manager
    expect(
      ids({
        DISCORD_TOKEN: 't',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SHARDING_MANAGER: 'true',
        SHARDS: '1',
      }),
    ).toEqual({ servers: ['discord'], terminal: null });
  });

  test('declares what each platform offers with its settings', () => {
    const entry = (id: string) => {
      const found = PLATFORM_REGISTRY.find((e) => e.id === id);
      if (!found) throw new Error(id);
      return found;
    };
    const discord = entry('discord');
    const gateway = discord.capabilities(load({ DISCORD_TOKEN: 't' }));
    expect(gateway).toMatchObject({
      messages: true,
      threads: true,
      ephemeral: true,
      buttons: true,
    });
    expect(gateway.autoAnswer.available).toEqual(['mention']);
    expect(gateway.autoAnswer.unavailable.questions).toMatch(/Message Content intent/u);
    expect(
      discord.capabilities(load({ DISCORD_TOKEN: 't', DISCORD_MESSAGE_CONTENT: 'true' })).autoAnswer
        .available,
    ).toEqual(['mention', 'questions', 'forum']);
    const http = discord.capabilities(
      load({ DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '3000', DAILY_ENABLED: 'false' }),
    );
    expect(http.messages).toBe(false);
    expect(http.autoAnswer.unavailable.mention).toMatch(/DISCORD_MODE=http/u);
    const slack = entry('slack').capabilities(
      load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }),
    );
    expect(slack.autoAnswer.available).toEqual(['mention', 'questions']);
    expect(slack.autoAnswer.unavailable.forum).toMatch(/no forum/u);
    expect(entry('console').capabilities(load({}))).toMatchObject({
      messages: false,
      threads: false,
    });
  });

  test('no code outside src/adapters and src/config.ts names a platform (comments and shipped migrations aside)', () => {
    const named: string[] = [];
    const literal = new RegExp(`(['"\`])(${PLATFORM_IDS.join('|')})\\1`, 'u');
    for (const [path, source] of readSources('.', ['src', 'commands'])) {
      if (path.startsWith('src/adapters/') || path === 'src/config.ts') continue;
      // migrations are never edited once shipped; migration 6 removed the CHECK that named them
      if (path === 'src/storage/migrations.ts') continue;
      for (const [i, line] of source.split('\n').entries()) {
        const code = line.replace(/\/\/.*$/u, '');
        if (/^\s*(\*|\/\*\*)/u.test(code)) continue;
        if (literal.test(code)) named.push(`${path}:${i + 1}: ${line.trim()}`);
      }
    }
    expect(named).toEqual([]);
  });

  test('main.ts and bot.ts start platforms only through the registry', () => {
    for (const path of ['src/main.ts', 'src/bot.ts']) {
      const source = readFileSync(path, 'utf8');
      expect(source, path).not.toMatch(/adapters\/(discord|slack|console)\//u);
    }
  });
});
