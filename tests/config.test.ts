import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.ts';
import { SLACK_DEFAULT_HTTP_PORT } from '../src/config/slack.ts';
import { loadConfig, requireValue } from '../src/config.ts';

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

describe('conversations', () => {
  it('a thread remembers 6 turns for 24 hours unless told otherwise; a bad value is named', () => {
    expect(load({})).toMatchObject({ CONVERSATION_TURNS: 6, CONVERSATION_TTL_HOURS: 24 });
    expect(load({ CONVERSATION_TURNS: '3', CONVERSATION_TTL_HOURS: '0.5' })).toMatchObject({
      CONVERSATION_TURNS: 3,
      CONVERSATION_TTL_HOURS: 0.5,
    });
    expect(configError({ CONVERSATION_TURNS: '0' })).toMatch(
      /^configuration: CONVERSATION_TURNS: .*Fix: a whole number of turns, 1 to 50/u,
    );
    expect(configError({ CONVERSATION_TTL_HOURS: 'a day' })).toMatch(
      /^configuration: CONVERSATION_TTL_HOURS: .*Fix: a number of hours/u,
    );
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

describe('Discord modes and sharding', () => {
  const KEY = 'AB'.repeat(32);

  it('a token alone is the gateway; a public key alone is HTTP; both can be asked for', () => {
    expect(load({ DISCORD_TOKEN: 't' }).discord).toMatchObject({ mode: 'gateway', token: 't' });
    expect(
      load({ DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '3000', DAILY_ENABLED: 'false' }).discord,
    ).toEqual({
      mode: 'http',
      token: null,
      publicKey: KEY.toLowerCase(),
      apiUrl: undefined,
      sharding: null,
      messages: { mentions: false, dms: false, content: false },
    });
    expect(
      load({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '3000' }).discord?.mode,
    ).toBe('http');
    expect(
      load({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '1', DISCORD_MODE: 'both' })
        .discord?.mode,
    ).toBe('both');
    expect(load({}).discord).toBeNull();
  });

  it('reads the message settings: mentions on, DMs and the Message Content intent off by default', () => {
    expect(load({ DISCORD_TOKEN: 't' }).discord?.messages).toEqual({
      mentions: true,
      dms: false,
      content: false,
    });
    expect(
      load({
        DISCORD_TOKEN: 't',
        DISCORD_MENTIONS: 'false',
        DISCORD_DMS: 'true',
        DISCORD_MESSAGE_CONTENT: 'true',
      }).discord?.messages,
    ).toEqual({ mentions: false, dms: true, content: true });
    // both modes read messages on their gateway
    expect(
      load({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '1', DISCORD_MODE: 'both' })
        .discord?.messages,
    ).toEqual({ mentions: true, dms: false, content: false });
    expect(load({}).THREAD_REPLIES).toBe('mention');
    expect(load({ THREAD_REPLIES: 'all' }).THREAD_REPLIES).toBe('all');
    expect(configError({ THREAD_REPLIES: 'some' })).toMatch(/^configuration: THREAD_REPLIES: /u);
    expect(configError({ DISCORD_TOKEN: 't', DISCORD_DMS: 'yes' })).toMatch(
      /^configuration: DISCORD_DMS: .*Fix: true \(answer direct messages to the bot\) or false/u,
    );
  });

  it('an HTTP-only instance that is asked to read messages says it cannot', () => {
    const http = { DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '3000', DAILY_ENABLED: 'false' };
    for (const name of ['DISCORD_DMS', 'DISCORD_MESSAGE_CONTENT', 'DISCORD_MENTIONS'])
      expect(configError({ ...http, [name]: 'true' })).toBe(
        `configuration: ${name}: is true but DISCORD_MODE=http: Discord delivers messages only over the gateway, never to the interactions endpoint. Fix: set DISCORD_MODE=both (the gateway for messages, the endpoint for interactions), or leave ${name} empty`,
      );
    // left at their defaults (or false), they are off there
    expect(load({ ...http, DISCORD_MENTIONS: 'false' }).discord?.messages).toEqual({
      mentions: false,
      dms: false,
      content: false,
    });
  });

  it('says what a mode is missing', () => {
    expect(configError({ DISCORD_MODE: 'http' })).toBe(
      'configuration: DISCORD_PUBLIC_KEY: is not set but DISCORD_MODE=http is. Fix: copy the Public Key (64 hexadecimal characters) from https://discord.com/developers/applications → your app → General Information',
    );
    expect(configError({ DISCORD_PUBLIC_KEY: 'xyz' })).toBe(
      'configuration: DISCORD_PUBLIC_KEY: must be 64 hexadecimal characters. Fix: copy the Public Key (64 hexadecimal characters) from https://discord.com/developers/applications → your app → General Information',
    );
    expect(configError({ DISCORD_PUBLIC_KEY: KEY })).toBe(
      'configuration: HTTP_PORT: is not set; DISCORD_MODE=http receives interactions on the HTTP server. Fix: set it to the port your HTTPS proxy forwards /discord/interactions to, such as 3000',
    );
    expect(configError({ DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '3000' })).toBe(
      "configuration: DISCORD_TOKEN: is not set; the daily post goes out through Discord's REST API, which needs the bot token. Fix: copy the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token, or set DAILY_ENABLED=false for an instance that only answers",
    );
    expect(configError({ DISCORD_TOKEN: 't', DISCORD_MODE: 'both' })).toBe(
      'configuration: DISCORD_PUBLIC_KEY: is not set; DISCORD_MODE=both needs it to verify the requests Discord signs. Fix: copy the Public Key (64 hexadecimal characters) from https://discord.com/developers/applications → your app → General Information',
    );
    expect(configError({ DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '1', DISCORD_MODE: 'gateway' })).toBe(
      'configuration: DISCORD_TOKEN: is not set; DISCORD_MODE=gateway needs it to open the gateway. Fix: copy the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token',
    );
    expect(configError({ DISCORD_TOKEN: 't', DISCORD_MODE: 'sideways' })).toMatch(
      /^configuration: DISCORD_MODE: .*Fix: gateway \(a WebSocket connection\), http/,
    );
  });

  it('SHARDS: auto or a count makes this process the shard manager, for the gateway only', () => {
    expect(load({ DISCORD_TOKEN: 't', SHARDS: 'auto' }).discord?.sharding).toEqual({
      role: 'manager',
      shards: 'auto',
    });
    expect(load({ DISCORD_TOKEN: 't', SHARDS: '4' }).discord?.sharding).toEqual({
      role: 'manager',
      shards: 4,
    });
    for (const bad of ['many', '0', '2.5', '1025'])
      expect(configError({ DISCORD_TOKEN: 't', SHARDS: bad })).toBe(
        `configuration: SHARDS: "${bad}" is neither auto nor a number from 1 to 1024. Fix: auto (the count Discord recommends) or a number of gateway shards such as 2; leave it empty for one process`,
      );
    expect(
      configError({ DISCORD_TOKEN: 't', SHARDS: '2', DISCORD_PUBLIC_KEY: KEY, HTTP_PORT: '1' }),
    ).toBe(
      'configuration: SHARDS: shards split the gateway connection; DISCORD_MODE=http scales by running more instances behind a load balancer instead. Fix: unset SHARDS, or set DISCORD_MODE=gateway',
    );
  });

  it('in a process the ShardingManager spawned, SHARDS is its shard id and there is no HTTP server', () => {
    const shard = load({
      DISCORD_TOKEN: 't',
      SHARDING_MANAGER: 'true',
      SHARDS: '1',
      SHARD_COUNT: '2',
      HTTP_PORT: '3000',
    });
    expect(shard.discord?.sharding).toEqual({ role: 'shard', id: 1 });
    expect(shard.HTTP_PORT).toBeUndefined();
  });

  it('PUBLIC_URL is an http(s) address without a trailing slash', () => {
    expect(load({ PUBLIC_URL: 'https://bot.example.org/' }).PUBLIC_URL).toBe(
      'https://bot.example.org',
    );
    expect(configError({ PUBLIC_URL: 'ftp://bot.example.org' })).toBe(
      'configuration: PUBLIC_URL: must be an https:// address. Fix: the public https:// address that reaches HTTP_PORT, such as https://bot.example.org (deploy-commands prints the Interactions Endpoint URL from it)',
    );
  });
});

describe('HTTP exposure', () => {
  it('HTTP_HOST: unset means every interface; an address or host name is kept; anything else is named', () => {
    expect(load({}).HTTP_HOST).toBeUndefined();
    expect(load({ HTTP_HOST: '127.0.0.1' }).HTTP_HOST).toBe('127.0.0.1');
    expect(load({ HTTP_HOST: '::1' }).HTTP_HOST).toBe('::1');
    expect(load({ HTTP_HOST: 'localhost' }).HTTP_HOST).toBe('localhost');
    expect(configError({ HTTP_HOST: 'http://0.0.0.0:3000' })).toMatch(
      /^configuration: HTTP_HOST: must be an IP address or a host name\. Fix: /u,
    );
  });

  it('METRICS_TOKEN: at least 16 characters without spaces', () => {
    expect(load({}).METRICS_TOKEN).toBeUndefined();
    expect(load({ METRICS_TOKEN: 'a'.repeat(16) }).METRICS_TOKEN).toBe('a'.repeat(16));
    expect(configError({ METRICS_TOKEN: 'short' })).toMatch(
      /^configuration: METRICS_TOKEN: must be at least 16 characters/u,
    );
    expect(configError({ METRICS_TOKEN: 'has a space in it, sixteen+' })).toMatch(
      /^configuration: METRICS_TOKEN: /u,
    );
  });
});

describe('the thresholds', () => {
  it.each([
    ['ANSWER_THRESHOLD', '0.25', '1.5'],
    ['SHORT_ANSWER_THRESHOLD', '0.4', '-0.1'],
  ] as const)(
    "%s is the model's own unless set; a value outside 0..1 is named",
    (name, good, bad) => {
      expect(load({})[name]).toBeUndefined();
      expect(load({ [name]: '' })[name]).toBeUndefined();
      expect(load({ [name]: good })[name]).toBe(Number(good));
      expect(configError({ [name]: bad })).toMatch(
        new RegExp(`^configuration: ${name}: .*Fix: a probability from 0 to 1`, 'u'),
      );
    },
  );
});
