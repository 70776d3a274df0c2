import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireValue } from '../src/config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

function configError(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives defaults for an empty environment', () => {
    const config = load({});
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DISCORD_CLIENT_ID).toBeUndefined();
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.DISCORD_API_URL).toBeUndefined();
    expect(config).toMatchObject({
      CORPUS_DIR: 'corpus',
      SNAPSHOT_DIR: '.cache/index',
      snapshotDir: '.cache/index',
      DATABASE_PATH: 'data/dossier.db',
      LOG_LEVEL: 'info',
      DAILY_ENABLED: true,
    });
  });

  it('reads set values; empty strings count as unset; "off" disables snapshots', () => {
    const config = load({
      DISCORD_TOKEN: '  token  ',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_GUILD_ID: '',
      SNAPSHOT_DIR: 'off',
      LOG_LEVEL: 'debug',
      DAILY_ENABLED: 'false',
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config).toMatchObject({
      DISCORD_TOKEN: 'token',
      DISCORD_CLIENT_ID: '123456789012345678',
      snapshotDir: null,
      LOG_LEVEL: 'debug',
      DAILY_ENABLED: false,
    });
  });

  it('names a bad DISCORD_CLIENT_ID and how to fix it', () => {
    const message = configError({ DISCORD_CLIENT_ID: 'my-bot' });
    expect(message).toMatch(/^configuration: DISCORD_CLIENT_ID: must be a numeric Discord id\./u);
    expect(message).toContain(
      'Fix: copy the Application ID from https://discord.com/developers/applications',
    );
  });

  it('names a bad LOG_LEVEL and lists the levels', () => {
    const message = configError({ LOG_LEVEL: 'loud' });
    expect(message).toMatch(/^configuration: LOG_LEVEL: /u);
    expect(message).toContain('Fix: one of fatal, error, warn, info, debug, trace, silent');
  });

  it('reports every bad variable, one a line', () => {
    const message = configError({ DAILY_ENABLED: 'yes', DISCORD_API_URL: 'not a url' });
    expect(message.split('\n')).toHaveLength(2);
    expect(message).toContain('DAILY_ENABLED: ');
    expect(message).toContain('Fix: true or false');
    expect(message).toContain('DISCORD_API_URL: ');
  });
});

describe('requireValue', () => {
  it('returns a set value', () => {
    const config = load({ DISCORD_CLIENT_ID: '123456789012345678' });
    expect(requireValue(config, 'DISCORD_CLIENT_ID')).toBe('123456789012345678');
  });

  it('names a missing DISCORD_CLIENT_ID and how to fix it', () => {
    const config = load({});
    expect(() => requireValue(config, 'DISCORD_CLIENT_ID')).toThrow(ConfigError);
    expect(() => requireValue(config, 'DISCORD_CLIENT_ID')).toThrow(
      'configuration: DISCORD_CLIENT_ID is not set. Fix: copy the Application ID from https://discord.com/developers/applications → your app → General Information',
    );
    expect(() => requireValue(load({ SNAPSHOT_DIR: 'off' }), 'snapshotDir')).toThrow(
      'configuration: snapshotDir is not set. Fix: see .env.example',
    );
  });
});
