/**
 * Socket Mode: the real Bolt SocketModeReceiver connects to a local Socket Mode server (the URL
 * comes from the fake Web API's apps.connections.open, called with the app-level token), receives
 * a slash command envelope, acknowledges it at once and answers through the response_url.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { PlatformRuntime } from '../../../src/adapters/platform.ts';
import { type RunningSlack, slackPlatformAdapter } from '../../../src/adapters/slack/launch.ts';
import { fixedEngine } from '../../../src/answer/engine.ts';
import { loadConfig } from '../../../src/config.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import {
  APP_TOKEN,
  BOT_TOKEN,
  CHANNEL_ID,
  type FakeSlack,
  startFakeSlack,
  TEAM_ID,
  USER_ID,
} from '../../support/fake-slack/index.ts';
import { FakeSocketMode } from '../../support/fake-slack/socket.ts';
import { captureLogger } from '../discord/helpers.ts';

let fake: FakeSlack;
let socket: FakeSocketMode;
let slack: RunningSlack;
let runtime: PlatformRuntime;

beforeAll(async () => {
  fake = await startFakeSlack();
  socket = await new FakeSocketMode().start();
  fake.socketUrl = socket.url;
  // The configuration path: an app-level token means Socket Mode, no HTTP server needed.
  const config = loadConfig(
    { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl },
    { dotenv: false },
  );
  expect(config.slack?.mode).toBe('socket');
  expect(config.HTTP_PORT).toBeUndefined();
  const { logger } = captureLogger();
  runtime = {
    engine: fixedEngine(await engine()),
    services: { recent: new TestRecent() },
    logger,
    now: () => new Date(),
    accessLost: () => undefined,
    http: null,
  };
  if (config.slack === null) throw new Error('no Slack config');
  slack = await slackPlatformAdapter({
    config: config.slack,
    commands,
    socket: { autoReconnectEnabled: false },
  }).start(runtime);
});
afterAll(async () => {
  await slack?.stop();
  await socket?.close();
  await fake?.close();
});

describe('Socket Mode', () => {
  test('connects with the app token, acknowledges a slash command, answers by response_url', async () => {
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
    expect(socket.connections).toBe(1);
    const { id, url } = fake.newResponseUrl();
    const { ack } = await socket.deliver('slash_commands', {
      command: '/dossier',
      text: 'help',
      user_id: USER_ID,
      user_name: 'asker',
      channel_id: CHANNEL_ID,
      team_id: TEAM_ID,
      response_url: url,
      trigger_id: 't1',
    });
    expect(ack.envelope_id).toMatch(/^env-/u);
    await fake.until(() => fake.responsesTo(id).length === 1, 30_000, 'the help answer');
    expect(JSON.stringify(fake.responsesTo(id)[0]?.payload)).toContain('/dossier ask');
    expect(fake.problems).toEqual([]);
  });

  test('stopping closes the connection', async () => {
    await slack.stop();
    await fake.until(() => socket.connections === 0, 5000, 'the socket to close');
  });
});

describe('starting Slack fails with a message to act on', () => {
  test('a token Slack refuses', async () => {
    await expect(
      slackPlatformAdapter({
        config: {
          mode: 'socket',
          botToken: 'xoxb-wrong',
          appToken: APP_TOKEN,
          apiUrl: fake.apiUrl,
        },
        commands,
      }).start(runtime),
    ).rejects.toThrow(
      "slack: SLACK_BOT_TOKEN was refused (invalid_auth). Fix: copy the Bot User OAuth Token from your app's OAuth & Permissions page",
    );
  });

  test('HTTP mode without the bot’s HTTP server', async () => {
    await expect(
      slackPlatformAdapter({
        config: {
          mode: 'http',
          botToken: BOT_TOKEN,
          signingSecret: 'ab'.repeat(16),
          apiUrl: fake.apiUrl,
        },
        commands,
      }).start(runtime),
    ).rejects.toThrow('slack: HTTP mode needs the bot’s HTTP server. Fix: set HTTP_PORT');
  });
});
