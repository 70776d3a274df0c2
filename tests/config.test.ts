import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireValue, SLACK_DEFAULT_HTTP_PORT } from '../src/config.ts';

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

describe('Slack configuration', () => {
  const secret = '8f742231b10e8888abcd99ffff85a5ab';

  it('no Slack variables: no Slack, and HTTP_PORT stays as given', () => {
    const config = load({});
    expect(config.slack).toBeNull();
    expect(config.httpPortDefaulted).toBe(false);
    expect(config.HTTP_PORT).toBeUndefined();
  });

  it('a signing secret means HTTP mode; an empty HTTP_PORT becomes 3000, and says so', () => {
    const config = load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, HTTP_PORT: '' });
    expect(config.slack).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: secret,
      apiUrl: undefined,
    });
    expect(config.HTTP_PORT).toBe(SLACK_DEFAULT_HTTP_PORT);
    expect(config.httpPortDefaulted).toBe(true);
    const own = load({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: secret,
      HTTP_PORT: '8080',
    });
    expect(own.HTTP_PORT).toBe(8080);
    expect(own.httpPortDefaulted).toBe(false);
  });

  it('an app-level token means Socket Mode (no HTTP server needed); SLACK_API_URL ends in a slash', () => {
    const config = load({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(config.slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9999/api/',
    });
    expect(config.HTTP_PORT).toBeUndefined();
  });

  it('names what is missing or malformed, and the fix', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(
      'configuration: SLACK_BOT_TOKEN: is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is. Fix: copy the Bot User OAuth Token (xoxb-…) from https://api.slack.com/apps → your app → OAuth & Permissions, and set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) with it',
    );
    expect(configError({ SLACK_SIGNING_SECRET: secret })).toMatch(
      /^configuration: SLACK_BOT_TOKEN: is not set but SLACK_SIGNING_SECRET is\. Fix: /u,
    );
    expect(configError({ SLACK_APP_TOKEN: 'xapp-1' })).toMatch(
      /^configuration: SLACK_BOT_TOKEN: is not set but SLACK_APP_TOKEN is\. Fix: /u,
    );
    expect(configError({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: secret })).toMatch(
      /^configuration: SLACK_BOT_TOKEN: must be a bot token starting with xoxb-\. Fix: /u,
    );
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toMatch(
      /^configuration: SLACK_APP_TOKEN: must be an app-level token starting with xapp-\. Fix: create an app-level token/u,
    );
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'not hex' })).toMatch(
      /^configuration: SLACK_SIGNING_SECRET: must be the hexadecimal signing secret\. Fix: copy the Signing Secret/u,
    );
    expect(configError({ SLACK_API_URL: 'nope' })).toMatch(/^configuration: SLACK_API_URL: /u);
  });
});
