/**
 * `cp .env.example .env`, fill in DISCORD_TOKEN, `npm start`: every line as shipped must be
 * usable, by the config parser and by discord.js, which reads SHARDS, SHARD_COUNT and
 * DISCORD_TOKEN from the environment itself (an empty SHARDS made its JSON.parse throw).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiscordClient } from '../src/adapters/discord/client.ts';
import { ConfigError } from '../src/config/errors.ts';
import { CONFIG_KEYS, loadConfig } from '../src/config.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const example = parse(readFileSync('.env.example', 'utf8'));

afterEach(() => {
  vi.unstubAllEnvs();
});

/** process.env as `npm start` sees it after dotenv loaded `.env` (as the example, token filled). */
function stubExample(overrides: Record<string, string> = {}): void {
  for (const [key, value] of Object.entries({ ...example, DISCORD_TOKEN: TOKEN, ...overrides }))
    vi.stubEnv(key, value);
}

describe('.env.example copied as it is', () => {
  it('lists every variable the config reads, most of them empty', () => {
    // set by discord.js in the shard processes it spawns, never by an operator
    const operated = CONFIG_KEYS.filter((k) => k !== 'SHARDING_MANAGER');
    expect(Object.keys(example).sort()).toEqual([...operated].sort());
    expect(example.SHARDS).toBe('');
  });

  it('parses, with a token filled in, as a one-process gateway bot', () => {
    stubExample();
    const config = loadConfig(process.env, { dotenv: false });
    expect(config.discord).toMatchObject({ mode: 'gateway', token: TOKEN, sharding: null });
    expect(config.slack).toBeNull();
    expect(config.CORPUS_FOLLOW_OUTSIDE).toBe(false);
  });

  it('leaves discord.js no empty value to read: its Client starts', () => {
    stubExample();
    loadConfig(process.env, { dotenv: false });
    expect('SHARDS' in process.env).toBe(false);
    const client = createDiscordClient();
    try {
      expect(client.options.shards).toEqual([0]);
      expect(client.options.shardCount).toBe(1);
    } finally {
      void client.destroy();
    }
  });

  it('every empty line is unset: blank, spaces only, for every key', () => {
    const blanks = Object.fromEntries(Object.keys(example).map((k) => [k, '   ']));
    const config = loadConfig({ ...blanks }, { dotenv: false });
    expect(config).toMatchObject({
      CORPUS_DIR: 'corpus',
      CORPUS_WATCH: 'true',
      DAILY_ENABLED: true,
      LOG_LEVEL: 'info',
      MAX_DOCUMENT_MB: 8,
      DATABASE_POOL_SIZE: 10,
      CORPUS_FOLLOW_OUTSIDE: false,
    });
    expect(config.discord).toBeNull();
  });

  it('a value it cannot use is refused with the variable’s name', () => {
    for (const [name, value] of [
      ['CORPUS_FOLLOW_OUTSIDE', 'yes'],
      ['SHARDS', 'two'],
      ['MAX_DOCUMENT_MB', 'lots'],
      ['CORPUS_WATCH', 'sometimes'],
    ] as const) {
      stubExample({ [name]: value });
      expect(() => loadConfig(process.env, { dotenv: false })).toThrow(ConfigError);
      expect(() => loadConfig(process.env, { dotenv: false })).toThrow(
        new RegExp(`^configuration: ${name}: .*Fix: `, 'su'),
      );
      vi.unstubAllEnvs();
    }
  });
});
